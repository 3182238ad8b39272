import type {
  ConsumedBatch,
  ConsumedMessage,
  KafkaAdmin,
  KafkaConsumer,
  TopicAssignment,
} from '@dealflow/kafka';
import { liveVersion, projectionName } from '@dealflow/read-models';
import type { Logger } from '@dealflow/runtime';
import {
  applyChunks,
  type ChunkPart,
  type ChunkReport,
  type ChunkResult,
  type ProjectionTarget,
} from '../apply/apply-chunk.js';
import { readCheckpoints } from '../apply/checkpoint.js';
import { ChunkGroup } from './chunk-group.js';
import { kafkaRecords } from './kafka-records.js';
import { ProjectorTally } from './projector-tally.js';
import {
  type PartitionProgress,
  type ProjectorOptions,
  type ProjectorSnapshot,
  type ProjectorState,
} from './projector-types.js';

export type {
  PartitionProgress,
  PoisonReport,
  ProjectorOptions,
  ProjectorRole,
  ProjectorSnapshot,
  ProjectorState,
  ProjectorTotals,
} from './projector-types.js';

/**
 * The live projector: a consumer-group member that folds the lead-event topic into read-model
 * `version`, exactly once in effect. The partitions of a fetch are taken at once, and the chunks
 * they hand in together are applied in one Postgres transaction (`ChunkGroup`) that locks each
 * partition's checkpoint, drops records below it, applies the rest and moves the checkpoints
 * (see `applyChunks`); Kafka's committed offsets are only hints. On every
 * partition assignment it seeks to the stored checkpoints. The `live` role follows switches of
 * the live version; the `rebuild` role (used by `startRebuild`) fills one building version.
 *
 * @example
 * const projector = new Projector({ db, kafka, topic, groupId, version, pipelines, logger });
 * await projector.start();
 * // …
 * await projector.stop(); // after the in-flight batch commits
 */
export class Projector {
  readonly #opts: Required<Omit<ProjectorOptions, 'onPoison' | 'skipRecords' | 'replayRetried'>> &
    ProjectorOptions;
  #target: ProjectionTarget;
  #log: Logger;
  #halted = false;
  #liveCheckedAt = 0;
  #following: Promise<void> | undefined;
  #state: ProjectorState = 'idle';
  #consumer: KafkaConsumer | undefined;
  #admin: KafkaAdmin | undefined;
  #heartbeatAt: Date | undefined;
  #assigned: readonly number[] = [];
  /** Per partition whose batch is being applied, since when. */
  readonly #inFlight = new Map<number, number>();
  #timers: NodeJS.Timeout[] = [];
  readonly #partitions = new Map<number, PartitionProgress>();
  /** Per partition, the checkpoint a seek went back to after a chunk started too late. */
  readonly #acceptGapAt = new Map<number, number>();
  readonly #tally = new ProjectorTally();
  readonly #group = new ChunkGroup<ChunkResult>((parts) => this.#applyRound(parts));

  constructor(options: ProjectorOptions) {
    this.#opts = {
      ...options,
      maxBatchBytes: options.maxBatchBytes ?? 1024 * 1024,
      maxChunkRecords: options.maxChunkRecords ?? 2_000,
      livenessIntervalMs: options.livenessIntervalMs ?? 2_000,
      heartbeatStaleMs: options.heartbeatStaleMs ?? 30_000,
      summaryIntervalMs: options.summaryIntervalMs ?? 10_000,
      role: options.role ?? 'live',
      liveCheckMs: options.liveCheckMs ?? 1_000,
      concurrency: options.concurrency ?? 32,
      minBytes: options.minBytes ?? 1,
      maxWaitMs: options.maxWaitMs ?? 100,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    };
    this.#target = this.#targetOf(options.version);
    this.#log = this.#loggerOf(this.#target);
  }

  #targetOf(version: number): ProjectionTarget {
    const { db, pipelines, skipRecords, replayRetried, role } = this.#opts;
    return {
      db,
      version,
      projection: projectionName(version),
      pipelines,
      building: role === 'rebuild',
      whileLive: role === 'live',
      ...(skipRecords !== undefined && { skip: skipRecords }),
      ...(replayRetried !== undefined && { replay: replayRetried }),
    };
  }

  #loggerOf(target: ProjectionTarget): Logger {
    const { projection } = target;
    return this.#opts.logger.child({ projection, topic: this.#opts.topic, role: this.#opts.role });
  }

  /** Joins the group and starts consuming; resolves once the consumer runs. */
  /** Calls `observer` with the wall time of every batch this projector applies. */
  observeBatchSeconds(observer: (seconds: number) => void): void {
    this.#tally.onSeconds(observer);
  }

  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error(`projector cannot start when ${this.#state}`);
    this.#state = 'starting';
    const consumer = this.#opts.kafka.consumer({
      groupId: this.#opts.groupId,
      topics: [this.#opts.topic],
      fromBeginning: true,
      maxBatchBytes: this.#opts.maxBatchBytes,
      concurrency: this.#opts.concurrency,
      minBytes: this.#opts.minBytes,
      maxWaitMs: this.#opts.maxWaitMs,
      sessionTimeoutMs: this.#opts.sessionTimeoutMs,
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
    if (this.#state === 'starting') this.#state = 'consuming';
    this.#tick();
    this.#timers = [
      setInterval(() => void this.#proveLiveness(consumer), this.#opts.livenessIntervalMs),
      setInterval(() => this.#tally.logSummary(this.#log), this.#opts.summaryIntervalMs),
    ];
    for (const timer of this.#timers) timer.unref();
    this.#log.info(
      { groupId: this.#opts.groupId, version: this.#target.version },
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
      this.#tally.logSummary(this.#log, true);
      this.#state = 'stopped';
      this.#log.info('projector stopped');
    }
  }

  /** The projector's state, heartbeat, per-partition progress and totals. */
  snapshot(): ProjectorSnapshot {
    return {
      state: this.#state,
      version: this.#target.version,
      role: this.#opts.role,
      projection: this.#target.projection,
      topic: this.#opts.topic,
      heartbeatAt: this.#heartbeatAt,
      assigned: this.#assigned,
      partitions: new Map(this.#partitions),
      totals: this.#tally.totals,
    };
  }

  /** Stops applying: batches delivered from now on are ignored until `stop`. */
  halt(): void {
    this.#halted = true;
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
    if (await this.#divergedFrom(next, partitions)) return;
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

  /**
   * True (and the projector stops applying, state `diverged`) when an assigned partition ends
   * before the checkpoint stored for it: the topic was recreated or truncated beneath the read
   * models. Seeking there would make Kafka start the partition over, and every record below the
   * checkpoint would be dropped as applied before — new events lost without a word. The end
   * is read after the checkpoints and only grows, so a healthy topic never trips this.
   */
  async #divergedFrom(next: ReadonlyMap<number, number>, partitions: readonly number[]) {
    if (this.#admin === undefined || partitions.length === 0) return false;
    const heads = await this.#admin.topicOffsets(this.#opts.topic);
    const behind = heads.flatMap(({ partition, high }) => {
      const checkpoint = next.get(partition) ?? 0;
      return partitions.includes(partition) && checkpoint > high
        ? [{ partition, checkpoint, topicEnd: high }]
        : [];
    });
    if (behind.length === 0) return false;
    this.#halted = true;
    this.#state = 'diverged';
    this.#log.error(
      { partitions: behind },
      'the topic ends before the stored checkpoints: it was recreated or truncated beneath ' +
        'these read models; nothing more is applied. Restore the topic, or rebuild the read ' +
        'models from the event store (npm run ops -- rebuild --from events-table)',
    );
    return true;
  }

  /**
   * A `live` projector follows the live version. Each chunk checks, under the live feed lock,
   * that its version is still live (see `#apply`); this timer-driven check re-targets an idle
   * projector too, so status and metrics name the right version without traffic.
   */
  #followLive(consumer: KafkaConsumer): Promise<void> {
    if (this.#opts.role !== 'live') return Promise.resolve();
    if (Date.now() - this.#liveCheckedAt < this.#opts.liveCheckMs) return Promise.resolve();
    this.#following ??= this.#retargetIfSwitched(consumer).finally(() => {
      this.#liveCheckedAt = Date.now();
      this.#following = undefined;
    });
    return this.#following;
  }

  async #retargetIfSwitched(consumer: KafkaConsumer): Promise<void> {
    await this.#retarget(consumer, await liveVersion(this.#opts.db));
  }

  /**
   * After a switch (rebuild or rollback) made another version live: re-target it and seek the
   * assigned partitions to that version's own checkpoints (where the rebuild stopped, or where
   * a restored version was retired). The chunk code does the rest: records below the
   * checkpoint are dropped, a chunk starting after it is refused (`behind` → seek back), so
   * nothing is applied twice or missed in the new live version.
   */
  async #retarget(consumer: KafkaConsumer, live: number | undefined): Promise<void> {
    if (live === undefined || live === this.#target.version) return;
    const from = this.#target.version;
    this.#target = this.#targetOf(live);
    this.#log = this.#loggerOf(this.#target);
    this.#partitions.clear();
    this.#acceptGapAt.clear();
    this.#log.info({ from, to: live }, 'live version switched; following it');
    await this.#seekToCheckpoints(consumer, [
      { topic: this.#opts.topic, partitions: [...this.#assigned] },
    ]);
  }

  async #handle(consumer: KafkaConsumer, batch: ConsumedBatch): Promise<void> {
    if (this.#halted) return;
    const { partition, messages } = batch;
    const started = performance.now();
    this.#inFlight.set(partition, Date.now());
    this.#tick();
    let nextOffset: number | undefined;
    try {
      for (let from = 0; from < messages.length; from += this.#opts.maxChunkRecords) {
        if (!batch.isRunning() || batch.isStale() || this.#halted) break;
        const chunk = messages.slice(from, from + this.#opts.maxChunkRecords);
        const result = await this.#apply(batch, chunk);
        if (result.kind === 'switched') {
          await this.#retarget(consumer, result.live);
          break;
        }
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
        const { parked, parkedForReplay } = result.report;
        if (this.#opts.role === 'rebuild' && parked > parkedForReplay) {
          this.#halted = true;
          this.#opts.onPoison?.({ partition, report: result.report });
          break;
        }
        await this.#heartbeat(batch);
      }
    } finally {
      this.#inFlight.delete(partition);
      const seconds = (performance.now() - started) / 1000;
      this.#tally.addSeconds(seconds);
    }
    if (nextOffset !== undefined)
      await this.#commitHint(consumer, batch.topic, partition, nextOffset);
  }

  /** One chunk into the target version, in the next round of the chunk group. */
  async #apply(batch: ConsumedBatch, chunk: readonly ConsumedMessage[]): Promise<ChunkResult> {
    const { partition, topic } = batch;
    const records = kafkaRecords(topic, partition, chunk);
    try {
      return await this.#group.submit({
        stream: topic,
        partition,
        records,
        acceptGapAt: this.#acceptGapAt.get(partition),
      });
    } catch (err) {
      this.#log.error(
        { err, partition, records: chunk.length },
        'chunk failed; it will be delivered again',
      );
      throw err;
    }
  }

  /**
   * One round of chunks into the target version, in one transaction. A `live` projector applies
   * it only while its version is still live (`whileLive`: checked under the live feed lock a
   * switch takes exclusively), so after a switch nothing lands in the retired version.
   */
  #applyRound(parts: ChunkPart[]): Promise<ChunkResult[]> {
    return applyChunks(this.#target, parts);
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
    this.#tally.add(batch.partition, report, this.#log);
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
  async #proveLiveness(consumer: KafkaConsumer): Promise<void> {
    if (this.#state !== 'consuming' || this.#admin === undefined) return;
    // An idle live projector notices a switch too (status and metrics name the right version).
    await this.#followLive(consumer).catch((err: unknown) => {
      this.#log.warn({ err }, 'live version check failed');
    });
    const since = Math.min(...this.#inFlight.values());
    if (Date.now() - since > this.#opts.heartbeatStaleMs) return;
    try {
      await this.#admin.topicOffsets(this.#opts.topic);
      if (this.#state === 'consuming') this.#tick();
    } catch (err) {
      this.#log.warn({ err }, 'liveness probe failed');
    }
  }
}
