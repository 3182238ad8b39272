import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type {
  ConsumedBatch,
  ConsumedMessage,
  KafkaAdmin,
  KafkaClient,
  KafkaConsumer,
  TopicAssignment,
} from '@dealflow/kafka';
import { projectionName } from '@dealflow/read-models';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import { readCheckpoints } from './checkpoint.js';
import {
  projectChunk,
  type ChunkReport,
  type ChunkResult,
  type ProjectionTarget,
} from './project-chunk.js';

/** Where the projector is in its life. */
export type ProjectorState = 'idle' | 'starting' | 'consuming' | 'stopping' | 'stopped' | 'crashed';

/** Options of a {@link Projector}. */
export interface ProjectorOptions {
  db: Kysely<Database>;
  kafka: KafkaClient;
  topic: string;
  groupId: string;
  /** The read-model version written (`rm_v<version>`, checkpoints `read-models@v<version>`). */
  version: number;
  pipelines: PipelineCatalog;
  logger: Logger;
  /** Upper bound of one fetch per partition (default 1 MiB). */
  maxBatchBytes?: number;
  /** Records per transaction: a fetched batch is applied in chunks of at most this many. */
  maxChunkRecords?: number;
  /** How often an idle consumer proves it is alive by asking the broker (default 2 s). */
  livenessIntervalMs?: number;
  /** A batch running longer than this stops the liveness ticks (default 30 s). */
  heartbeatStaleMs?: number;
  /** How often a summary line (records, rate) is logged at info (default 10 s). */
  summaryIntervalMs?: number;
}

/** Running totals since start, for metrics and the summary log. */
export interface ProjectorTotals {
  batches: number;
  records: number;
  applied: number;
  duplicates: number;
  parked: number;
  unknownTypes: number;
  stale: number;
  batchSeconds: number;
}

/** What the projector knows about one partition from the records it applied. */
export interface PartitionProgress {
  nextOffset: number;
  /** Timestamp (ms) of the last applied record. */
  lastTimestamp: number | undefined;
}

/** A point-in-time view of the projector, for /health, /v1/projections and /metrics. */
export interface ProjectorSnapshot {
  state: ProjectorState;
  version: number;
  projection: string;
  topic: string;
  heartbeatAt: Date | undefined;
  /** Partitions of the topic assigned to this member by the last group join. */
  assigned: readonly number[];
  partitions: ReadonlyMap<number, PartitionProgress>;
  totals: Readonly<ProjectorTotals>;
}

const zeroTotals = (): ProjectorTotals => ({
  batches: 0,
  records: 0,
  applied: 0,
  duplicates: 0,
  parked: 0,
  unknownTypes: 0,
  stale: 0,
  batchSeconds: 0,
});

/**
 * The live projector: a consumer-group member that folds the lead-event topic into read-model
 * `version`, exactly once in effect. Each chunk of a batch is one Postgres transaction that
 * locks the partition's checkpoint, drops records below it, applies the rest and moves the
 * checkpoint (see `projectChunk`); Kafka's committed offsets are only hints. On every
 * partition assignment it seeks to the stored checkpoints.
 *
 * @example
 * const projector = new Projector({ db, kafka, topic, groupId, version, pipelines, logger });
 * await projector.start();
 * // …
 * await projector.stop(); // after the in-flight batch commits
 */
export class Projector {
  readonly #opts: Required<ProjectorOptions>;
  readonly #target: ProjectionTarget;
  readonly #log: Logger;
  #state: ProjectorState = 'idle';
  #consumer: KafkaConsumer | undefined;
  #admin: KafkaAdmin | undefined;
  #heartbeatAt: Date | undefined;
  #assigned: readonly number[] = [];
  #inFlightSince: number | undefined;
  #timers: NodeJS.Timeout[] = [];
  readonly #partitions = new Map<number, PartitionProgress>();
  /** Per partition, the checkpoint a seek went back to after a chunk started too late. */
  readonly #acceptGapAt = new Map<number, number>();
  readonly #totals = zeroTotals();
  #sinceSummary = zeroTotals();
  #summaryAt = Date.now();

  constructor(options: ProjectorOptions) {
    this.#opts = {
      ...options,
      maxBatchBytes: options.maxBatchBytes ?? 1024 * 1024,
      maxChunkRecords: options.maxChunkRecords ?? 2_000,
      livenessIntervalMs: options.livenessIntervalMs ?? 2_000,
      heartbeatStaleMs: options.heartbeatStaleMs ?? 30_000,
      summaryIntervalMs: options.summaryIntervalMs ?? 10_000,
    };
    const projection = projectionName(options.version);
    this.#target = {
      db: options.db,
      version: options.version,
      projection,
      pipelines: options.pipelines,
    };
    this.#log = options.logger.child({ projection, topic: options.topic });
  }

  /** Joins the group and starts consuming; resolves once the consumer runs. */
  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error(`projector cannot start when ${this.#state}`);
    this.#state = 'starting';
    const consumer = this.#opts.kafka.consumer({
      groupId: this.#opts.groupId,
      topics: [this.#opts.topic],
      fromBeginning: true,
      maxBatchBytes: this.#opts.maxBatchBytes,
    });
    this.#consumer = consumer;
    this.#admin = this.#opts.kafka.admin();
    consumer.onAssignment((assignment) => this.#seekToCheckpoints(consumer, assignment));
    consumer.onCrash((err, restarting) => {
      this.#log.error({ err, restarting }, 'consumer crashed');
      if (!restarting) this.#state = 'crashed';
    });
    try {
      await consumer.run((batch) => this.#handle(consumer, batch));
    } catch (err) {
      this.#state = 'crashed';
      await this.#admin.close();
      throw err;
    }
    this.#state = 'consuming';
    this.#tick();
    this.#timers = [
      setInterval(() => void this.#proveLiveness(), this.#opts.livenessIntervalMs),
      setInterval(() => this.#logSummary(), this.#opts.summaryIntervalMs),
    ];
    for (const timer of this.#timers) timer.unref();
    this.#log.info(
      { groupId: this.#opts.groupId, version: this.#opts.version },
      'projector consuming',
    );
  }

  /** Stops consuming once the in-flight batch has committed, leaves the group, disconnects. */
  async stop(): Promise<void> {
    if (this.#state === 'idle' || this.#state === 'stopped' || this.#state === 'stopping') return;
    this.#state = 'stopping';
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    try {
      await this.#consumer?.stop();
      await this.#consumer?.close();
    } finally {
      await this.#admin?.close();
      this.#logSummary(true);
      this.#state = 'stopped';
      this.#log.info('projector stopped');
    }
  }

  /** The projector's state, heartbeat, per-partition progress and totals. */
  snapshot(): ProjectorSnapshot {
    return {
      state: this.#state,
      version: this.#opts.version,
      projection: this.#target.projection,
      topic: this.#opts.topic,
      heartbeatAt: this.#heartbeatAt,
      assigned: this.#assigned,
      partitions: new Map(this.#partitions),
      totals: { ...this.#totals },
    };
  }

  #tick(): void {
    this.#heartbeatAt = new Date();
  }

  /** Resumes each assigned partition from the checkpoint stored beside the read models. */
  async #seekToCheckpoints(consumer: KafkaConsumer, assignment: TopicAssignment[]) {
    const partitions = assignment.find((a) => a.topic === this.#opts.topic)?.partitions ?? [];
    this.#assigned = partitions;
    const stored = await readCheckpoints(this.#opts.db, this.#target.projection, this.#opts.topic);
    const next = new Map(stored.map((c) => [c.partition, c.nextOffset]));
    for (const partition of partitions) {
      // Batches may flow while the checkpoints are read: never rewind past what this process
      // has committed since (harmless, the checkpoint lock drops it, but wasted work).
      const applied = this.#partitions.get(partition)?.nextOffset ?? 0;
      consumer.seek(this.#opts.topic, partition, Math.max(next.get(partition) ?? 0, applied));
    }
    this.#log.info(
      { partitions, offsets: Object.fromEntries(next) },
      'assigned; resuming from checkpoints',
    );
  }

  async #handle(consumer: KafkaConsumer, batch: ConsumedBatch): Promise<void> {
    const { partition, messages } = batch;
    const started = performance.now();
    this.#inFlightSince = Date.now();
    this.#tick();
    let nextOffset: number | undefined;
    try {
      for (let from = 0; from < messages.length; from += this.#opts.maxChunkRecords) {
        if (!batch.isRunning() || batch.isStale()) break;
        const chunk = messages.slice(from, from + this.#opts.maxChunkRecords);
        const result = await this.#apply(batch, chunk);
        if (result.kind === 'behind') {
          this.#log.info(
            { partition, nextOffset: result.nextOffset },
            'records start after the checkpoint; seeking back',
          );
          this.#acceptGapAt.set(partition, result.nextOffset);
          consumer.seek(batch.topic, partition, result.nextOffset);
          break;
        }
        this.#acceptGapAt.delete(partition);
        this.#record(batch, result.report);
        nextOffset = result.report.nextOffset;
        await this.#heartbeat(batch);
      }
    } finally {
      this.#inFlightSince = undefined;
      const seconds = (performance.now() - started) / 1000;
      this.#totals.batchSeconds += seconds;
      this.#sinceSummary.batchSeconds += seconds;
    }
    if (nextOffset !== undefined)
      await this.#commitHint(consumer, batch.topic, partition, nextOffset);
  }

  async #apply(batch: ConsumedBatch, chunk: readonly ConsumedMessage[]): Promise<ChunkResult> {
    const { partition } = batch;
    try {
      return await projectChunk(this.#target, batch, chunk, this.#acceptGapAt.get(partition));
    } catch (err) {
      this.#log.error(
        { err, partition, records: chunk.length },
        'chunk failed; it will be delivered again',
      );
      throw err;
    }
  }

  /** Tells the group this member is alive between chunks; a rebalance refuses it. */
  async #heartbeat(batch: ConsumedBatch): Promise<void> {
    try {
      await batch.heartbeat();
      this.#tick();
    } catch (err) {
      // Not a failure: what was applied is committed; the consumer rejoins and the partition's
      // owner resumes from the checkpoint.
      const reason = err instanceof Error ? err.message : String(err);
      this.#log.info({ partition: batch.partition, reason }, 'heartbeat refused; rejoining');
      throw err;
    }
  }

  #record(batch: ConsumedBatch, report: ChunkReport): void {
    const previous = this.#partitions.get(batch.partition);
    this.#partitions.set(batch.partition, {
      nextOffset: report.nextOffset,
      lastTimestamp: report.lastTimestamp ?? previous?.lastTimestamp,
    });
    for (const totals of [this.#totals, this.#sinceSummary]) {
      totals.batches += 1;
      totals.records += report.records;
      totals.applied += report.applied;
      totals.duplicates += report.duplicates;
      totals.parked += report.parked;
      totals.unknownTypes += report.unknownTypes;
      totals.stale += report.stale;
    }
    const { parkCodes, ...counts } = report;
    if (report.parked > 0) {
      this.#log.warn({ partition: batch.partition, parkCodes, ...counts }, 'parked records');
    }
    if (report.unknownTypes > 0) {
      this.#log.warn(
        { partition: batch.partition, unknownTypes: report.unknownTypes },
        'skipped records of unknown event types',
      );
    }
    this.#log.debug({ partition: batch.partition, ...counts }, 'chunk applied');
  }

  /** Kafka's committed offset is a hint for tools (lag dashboards); the database is the judge. */
  async #commitHint(consumer: KafkaConsumer, topic: string, partition: number, offset: number) {
    try {
      await consumer.commitOffsets([{ topic, partition, offset }]);
    } catch (err) {
      this.#log.debug({ err, partition, offset }, 'offset hint not committed');
    }
  }

  /**
   * The heartbeat on an idle topic: kafkajs calls no handler when a fetch returns nothing and
   * the Kafka port has no poll-cycle event, so while the consumer runs (not crashed, not
   * stopped) a cheap broker round trip every `livenessIntervalMs` ticks it. A batch stuck
   * longer than the stale limit stops these ticks, so /health fails on a hung consumer or an
   * unreachable broker, not on "no traffic".
   */
  async #proveLiveness(): Promise<void> {
    if (this.#state !== 'consuming' || this.#admin === undefined) return;
    const since = this.#inFlightSince;
    if (since !== undefined && Date.now() - since > this.#opts.heartbeatStaleMs) return;
    try {
      await this.#admin.topicOffsets(this.#opts.topic);
      if (this.#state === 'consuming') this.#tick();
    } catch (err) {
      this.#log.warn({ err }, 'liveness probe failed');
    }
  }

  #logSummary(force = false): void {
    const now = Date.now();
    const totals = this.#sinceSummary;
    if (totals.records === 0 && !force) {
      this.#summaryAt = now;
      return;
    }
    const seconds = Math.max((now - this.#summaryAt) / 1000, 0.001);
    this.#log.info(
      {
        ...totals,
        recordsPerSecond: Math.round(totals.records / seconds),
        windowSeconds: Math.round(seconds),
      },
      'projector progress',
    );
    this.#sinceSummary = zeroTotals();
    this.#summaryAt = now;
  }
}
