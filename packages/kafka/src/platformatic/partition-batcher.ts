import type { Message, MessagesStream } from '@platformatic/kafka';
import type { BatchHandler, ConsumedBatch, ConsumedMessage } from '../port.js';
import { bigintToSafeNumber } from './bigint-to-safe-number.js';
import { toConsumedMessage } from './to-consumed-message.js';

/** Pause before a batch whose handler threw is delivered again. */
const REDELIVERY_DELAY_MS = 1_000;

interface PartitionBatcherOptions {
  stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  handler: BatchHandler;
  /** How many partitions' batches run at once. */
  concurrency: number;
  isRunning: () => boolean;
  /** The partition's next-to-be-written offset as last seen, if known. */
  highWatermark: (topic: string, partition: number) => number | undefined;
  onHandlerError: (error: Error) => void;
}

interface PartitionState {
  /** Bumped by every seek: a batch made before it is stale. */
  generation: number;
  /** After a seek: records are dropped until the one at this offset arrives. */
  seekTo: number | undefined;
  paused: boolean;
  /** The first record dropped while paused: where to fetch again on resume. */
  resumeAt: number | undefined;
}

/**
 * Turns a stream of single records into per-partition batches: what arrives before the next
 * turn of the event loop (one fetch response) is handed over as one batch per partition, with
 * the stream paused until every handler has returned. Seeks and per-partition pauses, which the
 * stream lacks, are done here: a seek moves the stream's fetch position and drops every record
 * of that partition until the one at the sought offset, so records fetched before the seek
 * (buffered, or in flight) are never delivered.
 */
export class PartitionBatcher {
  readonly #options: PartitionBatcherOptions;
  readonly #pending = new Map<string, Message[]>();
  readonly #partitions = new Map<string, PartitionState>();
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: PartitionBatcherOptions) {
    this.#options = options;
  }

  add(message: Message): void {
    const key = `${message.topic}:${message.partition}`;
    const state = this.#state(key);
    if (state.seekTo !== undefined) {
      if (message.offset !== BigInt(state.seekTo)) {
        // Fetched before the seek: the stream may have moved its position past it again.
        this.#options.stream.offsetsToFetch.set(key, BigInt(state.seekTo));
        return;
      }
      state.seekTo = undefined;
    }
    if (state.paused) {
      state.resumeAt ??= bigintToSafeNumber(message.offset, 'offset');
      return;
    }
    const bucket = this.#pending.get(key);
    if (bucket === undefined) this.#pending.set(key, [message]);
    else bucket.push(message);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#flushing = this.#flush();
      });
    }
  }

  seek(topic: string, partition: number, offset: number): void {
    const key = `${topic}:${partition}`;
    const state = this.#state(key);
    state.generation += 1;
    state.seekTo = offset;
    state.resumeAt = undefined;
    this.#pending.delete(key);
    this.#options.stream.offsetsToFetch.set(key, BigInt(offset));
  }

  pausePartition(topic: string, partition: number): void {
    this.#state(`${topic}:${partition}`).paused = true;
  }

  resumePartition(topic: string, partition: number): void {
    const state = this.#state(`${topic}:${partition}`);
    state.paused = false;
    if (state.resumeAt !== undefined) this.seek(topic, partition, state.resumeAt);
  }

  /** Resolves once no batch is being handled. */
  async idle(): Promise<void> {
    await this.#flushing;
  }

  #state(key: string): PartitionState {
    let state = this.#partitions.get(key);
    if (state === undefined) {
      state = { generation: 0, seekTo: undefined, paused: false, resumeAt: undefined };
      this.#partitions.set(key, state);
    }
    return state;
  }

  async #flush(): Promise<void> {
    const { stream, concurrency } = this.#options;
    const ready = [...this.#pending.values()];
    this.#pending.clear();
    stream.pause();
    let failed = false;
    for (let from = 0; from < ready.length; from += concurrency) {
      const results = await Promise.allSettled(
        ready.slice(from, from + concurrency).map((messages) => this.#deliver(messages)),
      );
      failed ||= results.some((result) => result.status === 'rejected');
    }
    if (failed) await new Promise((resolve) => setTimeout(resolve, REDELIVERY_DELAY_MS));
    if (this.#options.isRunning() && !stream.destroyed) stream.resume();
  }

  async #deliver(messages: Message[]): Promise<void> {
    const [first] = messages;
    const last = messages.at(-1);
    if (first === undefined || last === undefined) return;
    const { topic, partition } = first;
    const state = this.#state(`${topic}:${partition}`);
    const generation = state.generation;
    const next = bigintToSafeNumber(last.offset, 'offset') + 1;
    const batch: ConsumedBatch = {
      topic,
      partition,
      messages: messages.map((message): ConsumedMessage => toConsumedMessage(message)),
      highWatermark: Math.max(next, this.#options.highWatermark(topic, partition) ?? 0),
      heartbeat: () => Promise.resolve(),
      isRunning: this.#options.isRunning,
      isStale: () => state.generation !== generation,
    };
    try {
      await this.#options.handler(batch);
    } catch (error) {
      if (state.generation === generation)
        this.seek(topic, partition, batch.messages[0]?.offset ?? 0);
      this.#options.onHandlerError(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}
