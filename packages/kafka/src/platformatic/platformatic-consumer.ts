import {
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  type BaseOptions,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import type { Logger } from 'pino';
import type {
  BatchHandler,
  ConsumerOptions,
  KafkaConsumer,
  TopicAssignment,
  TopicPartitionOffset,
} from '../port.js';
import { clearly } from './clear-error.js';
import { PartitionBatcher } from './partition-batcher.js';

/** Pause before a new stream replaces one that failed. */
const RESTART_DELAY_MS = 2_000;
/** How often the partitions' high watermarks (for the batches' lag) are read. */
const HIGH_WATERMARK_REFRESH_MS = 1_000;

type AssignmentListener = (assignment: TopicAssignment[]) => void | Promise<void>;
type CrashListener = (error: Error, restarting: boolean) => void;

/**
 * The port's `KafkaConsumer` over a `@platformatic/kafka` consumer and its message stream.
 *
 * The stream delivers records one by one; `PartitionBatcher` groups what one fetch returned into
 * per-partition batches and pauses the stream while the handler runs. Offsets are committed only
 * by `commitOffsets` (hints: the handler's store is the judge). After every group join the
 * stream reloads the committed offsets and then emits `offsets`: the assignment listeners run
 * right then, so a seek in them applies before the first fetch. A failed stream is replaced by a
 * new one after a pause (`onCrash` with `restarting: true`).
 */
export function createPlatformaticConsumer(
  base: BaseOptions,
  options: ConsumerOptions,
  logger: Logger,
): KafkaConsumer {
  const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
  const consumer = new Consumer({
    ...base,
    groupId: options.groupId,
    autocommit: false,
    sessionTimeout,
    heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 10)),
    rebalanceTimeout: Math.max(sessionTimeout, 60_000),
    minBytes: options.minBytes ?? 1,
    maxWaitTime: options.maxWaitMs ?? 100,
    maxBytesPerPartition: options.maxBatchBytes ?? 1024 * 1024,
    // Whole fetches, not a thousand records, are the unit of work here.
    highWaterMark: 1024 * 16,
  });
  const assignmentListeners = new Set<AssignmentListener>();
  const crashListeners = new Set<CrashListener>();
  let joined = true;
  let stopping = false;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  let batcher: PartitionBatcher | undefined;
  consumer.on('consumer:group:join', () => {
    joined = true;
  });
  // Fetched records do not carry the partition's high watermark: it is read now and then.
  const highWatermarks = new Map<string, number>();
  let watermarkTimer: NodeJS.Timeout | undefined;
  const refreshHighWatermarks = (): void => {
    consumer.listOffsets({ topics: options.topics }).then(
      (offsets) => {
        for (const [topic, partitions] of offsets) {
          partitions.forEach((high, partition) =>
            highWatermarks.set(`${topic}:${partition}`, Number(high)),
          );
        }
      },
      (error: unknown) => logger.debug({ err: error }, 'high watermarks not read'),
    );
  };

  const notifyAssignment = (): void => {
    const assignment = (consumer.assignments ?? []).map(({ topic, partitions }) => ({
      topic,
      partitions: [...partitions].sort((a, b) => a - b),
    }));
    for (const listener of assignmentListeners) {
      const notify = async (): Promise<void> => {
        await listener(assignment);
      };
      notify().catch((error: unknown) => {
        logger.error({ err: error, groupId: options.groupId }, 'assignment listener failed');
      });
    }
  };

  const crashed = (error: Error): void => {
    logger.warn({ err: error, groupId: options.groupId }, 'consumer stream failed; restarting');
    for (const listener of crashListeners) listener(error, true);
  };

  const start = async (handler: BatchHandler): Promise<void> => {
    const fresh = await consumer.consume({
      topics: options.topics,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: options.fromBeginning
        ? MessagesStreamFallbackModes.EARLIEST
        : MessagesStreamFallbackModes.LATEST,
    });
    stream = fresh;
    joined = true;
    batcher = new PartitionBatcher({
      stream: fresh,
      handler,
      concurrency: options.concurrency ?? 1,
      isRunning: () => !stopping && stream === fresh,
      highWatermark: (topic, partition) => highWatermarks.get(`${topic}:${partition}`),
      onHandlerError: crashed,
    });
    fresh.on('offsets', () => {
      if (!joined) return;
      joined = false;
      notifyAssignment();
    });
    fresh.on('data', (message: Message) => batcher?.add(message));
    fresh.on('error', (error: Error) => {
      if (stopping || stream !== fresh) return;
      stream = undefined;
      crashed(error);
      restartLater(handler);
    });
  };

  const restartLater = (handler: BatchHandler): void => {
    setTimeout(() => {
      if (stopping) return;
      start(handler).catch((error: unknown) => {
        crashed(error instanceof Error ? error : new Error(String(error)));
        restartLater(handler);
      });
    }, RESTART_DELAY_MS).unref();
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    clearInterval(watermarkTimer);
    const current = stream;
    stream = undefined;
    await batcher?.idle();
    await current?.close();
  };

  return {
    async run(handler: BatchHandler): Promise<void> {
      await clearly(start(handler));
      refreshHighWatermarks();
      watermarkTimer = setInterval(refreshHighWatermarks, HIGH_WATERMARK_REFRESH_MS).unref();
    },

    seek(topic: string, partition: number, offset: number): void {
      batcher?.seek(topic, partition, offset);
    },

    async commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void> {
      await clearly(
        consumer.commit({
          offsets: offsets.map(({ topic, partition, offset }) => ({
            topic,
            partition,
            offset: BigInt(offset),
            leaderEpoch: -1,
          })),
        }),
      );
    },

    onAssignment(listener): () => void {
      assignmentListeners.add(listener);
      return () => assignmentListeners.delete(listener);
    },

    onCrash(listener): () => void {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },

    pause(topic: string, partition: number): void {
      batcher?.pausePartition(topic, partition);
    },

    resume(topic: string, partition: number): void {
      batcher?.resumePartition(topic, partition);
    },

    stop,

    async close(): Promise<void> {
      await stop();
      await consumer.close(true);
    },
  };
}
