import type { Logger } from '@dealflow/runtime';
import type { ChunkReport } from '../apply/apply-chunk.js';
import { zeroTotals, type PartitionProgress, type ProjectorTotals } from './projector-types.js';

/**
 * A projector's running totals since start (for metrics) and since the last summary line (for
 * the periodic `projector progress` log with its rate), and each partition's progress.
 */
export class ProjectorTally {
  readonly #totals = zeroTotals();
  readonly #partitions = new Map<number, PartitionProgress>();
  #sinceSummary = zeroTotals();
  #summaryAt = Date.now();
  readonly #onSeconds: ((seconds: number) => void)[] = [];

  /** Calls `observer` with the wall time of every batch from now on (a metrics histogram). */
  onSeconds(observer: (seconds: number) => void): void {
    this.#onSeconds.push(observer);
  }

  /** The totals since start. */
  get totals(): Readonly<ProjectorTotals> {
    return { ...this.#totals };
  }

  /** Per partition, the next offset and the last record's time of what was applied. */
  get partitions(): ReadonlyMap<number, PartitionProgress> {
    return this.#partitions;
  }

  /** Forgets the partitions' progress (the projector now feeds another version). */
  forgetPartitions(): void {
    this.#partitions.clear();
  }

  /** Counts one applied chunk; logs parked records and unknown types at warn. */
  add(partition: number, report: ChunkReport, log: Logger): void {
    const previous = this.#partitions.get(partition);
    this.#partitions.set(partition, {
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
    // Unknown event types are among the parked (`parkCodes.unknown_type`).
    if (report.parked > 0) log.warn({ partition, parkCodes, ...counts }, 'parked records');
    log.debug({ partition, ...counts }, 'chunk applied');
  }

  /** Adds the wall time of one batch. */
  addSeconds(seconds: number): void {
    this.#totals.batchSeconds += seconds;
    this.#sinceSummary.batchSeconds += seconds;
    for (const observe of this.#onSeconds) observe(seconds);
  }

  /** Logs the counts and rate since the last summary (nothing when idle, unless `force`). */
  logSummary(log: Logger, force = false): void {
    const now = Date.now();
    const totals = this.#sinceSummary;
    if (totals.records === 0 && !force) {
      this.#summaryAt = now;
      return;
    }
    const seconds = Math.max((now - this.#summaryAt) / 1000, 0.001);
    log.info(
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
