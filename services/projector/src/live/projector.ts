import type {
  ConsumedBatch,
  ConsumedMessage,
  KafkaAdmin,
  KafkaConsumer,
  TopicAssignment,
} from '@dealflow/kafka';
import type { Logger } from '@dealflow/runtime';
import {
  applyChunks,
  type ChunkPart,
  type ChunkResult,
  type ProjectionTarget,
} from '../apply/apply-chunk.js';
import { ChunkGroup } from './chunk-group.js';
import { DIVERGED_MESSAGE, resumePlan } from './checkpoint-seek.js';
import { kafkaRecords } from './kafka-records.js';
import { LiveVersionCheck } from './live-version-check.js';
import { Liveness } from './liveness.js';
import { ProjectorTally } from './projector-tally.js';
import {
  type ProjectorOptions,
  type ProjectorSnapshot,
  type ProjectorState,
} from './projector-types.js';
import { targetOf, withDefaults, type ProjectorSettings } from './projector-settings.js';

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
  readonly #opts: ProjectorSettings;
  #target: ProjectionTarget;
  #log: Logger;
  #halted = false;
  readonly #liveCheck: LiveVersionCheck;
  #state: ProjectorState = 'idle';
  #consumer: KafkaConsumer | undefined;
  #admin: KafkaAdmin | undefined;
  readonly #liveness = new Liveness();
  #assigned: readonly number[] = [];
  #timers: NodeJS.Timeout[] = [];
  /** Per partition, the checkpoint a seek went back to after a chunk started too late. */
  readonly #acceptGapAt = new Map<number, number>();
  readonly #tally = new ProjectorTally();
  readonly #group = new ChunkGroup<ChunkResult>((parts) => this.#applyRound(parts));

  constructor(options: ProjectorOptions) {
    this.#opts = withDefaults(options);
    this.#liveCheck = new LiveVersionCheck(this.#opts.db, this.#opts.liveCheckMs, (live) =>
      this.#consumer === undefined ? Promise.resolve() : this.#retarget(this.#consumer, live),
    );
    this.#target = targetOf(this.#opts, options.version);
    this.#log = this.#loggerOf(this.#target);
  }

  #loggerOf(target: ProjectionTarget): Logger {
    const { projection } = target;
    return this.#opts.logger.child({ projection, topic: this.#opts.topic, role: this.#opts.role });
  }

  /** Calls `observer` with the wall time of every batch this projector applies. */
  observeBatchSeconds(observer: (seconds: number) => void): void {
    this.#tally.onSeconds(observer);
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
    this.#liveness.tick();
    this.#timers = [
      setInterval(() => void this.#proveLiveness(), this.#opts.livenessIntervalMs),
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
      heartbeatAt: this.#liveness.heartbeatAt,
      assigned: this.#assigned,
      partitions: new Map(this.#tally.partitions),
      totals: this.#tally.totals,
    };
  }

  /** Stops applying: batches delivered from now on are ignored until `stop`. */
  halt(): void {
    this.#halted = true;
  }

  /** Resumes each assigned partition from the checkpoint stored beside the read models. */
  async #seekToCheckpoints(consumer: KafkaConsumer, assignment: TopicAssignment[]) {
    const partitions = assignment.find((a) => a.topic === this.#opts.topic)?.partitions ?? [];
    this.#assigned = partitions;
    const { projection } = this.#target;
    const plan = await resumePlan(
      this.#opts.db,
      this.#admin,
      { projection, topic: this.#opts.topic },
      partitions,
      this.#tally.partitions,
    );
    if (plan.behind.length > 0) {
      // Seeking there would start the partition over and drop every new record below the
      // checkpoint as applied before: stop applying (state `diverged`) until an operator acts.
      this.#halted = true;
      this.#state = 'diverged';
      this.#log.error({ partitions: plan.behind }, DIVERGED_MESSAGE);
      return;
    }
    for (const [partition, offset] of plan.offsets) {
      consumer.seek(this.#opts.topic, partition, offset);
    }
    this.#log.info({ partitions, offsets: plan.stored }, 'assigned; resuming from checkpoints');
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
    this.#target = targetOf(this.#opts, live);
    this.#log = this.#loggerOf(this.#target);
    this.#tally.forgetPartitions();
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
    this.#liveness.begin(partition);
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
        this.#tally.add(partition, result.report, this.#log);
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
      this.#liveness.end(partition);
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
      this.#liveness.tick();
    } catch (err) {
      // Not a failure: what was applied is committed; the consumer rejoins and the partition's
      // owner resumes from the checkpoint.
      const reason = err instanceof Error ? err.message : String(err);
      this.#log.info({ partition: batch.partition, reason }, 'heartbeat refused; rejoining');
      throw err;
    }
  }

  /** Kafka's committed offset is a hint for tools (lag dashboards); the database is the judge. */
  async #commitHint(consumer: KafkaConsumer, topic: string, partition: number, offset: number) {
    try {
      await consumer.commitOffsets([{ topic, partition, offset }]);
    } catch (err) {
      this.#log.debug({ err, partition, offset }, 'offset hint not committed');
    }
  }

  /** A tick on an idle topic ({@link Liveness}), every `livenessIntervalMs` while consuming. */
  async #proveLiveness(): Promise<void> {
    if (this.#state !== 'consuming' || this.#admin === undefined) return;
    // An idle live projector notices a switch too (status and metrics name the right version).
    if (this.#opts.role === 'live')
      await this.#liveCheck.run().catch((err: unknown) => {
        this.#log.warn({ err }, 'live version check failed');
      });
    if (this.#liveness.stuck(this.#opts.heartbeatStaleMs)) return;
    try {
      await this.#admin.topicOffsets(this.#opts.topic);
      if (this.#state === 'consuming') this.#liveness.tick();
    } catch (err) {
      this.#log.warn({ err }, 'liveness probe failed');
    }
  }
}
