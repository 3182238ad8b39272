import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { KafkaClient } from '@dealflow/kafka';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import type { ChunkReport } from '../apply/apply-chunk.js';
import type { ReplayRetried } from '../apply/in-version-order.js';

/**
 * Where the projector is in its life. `diverged`: the topic holds fewer records than the read models applied from it (it was
 * recreated or truncated); the projector applies nothing more until an operator acts.
 */
export type ProjectorState =
  'idle' | 'starting' | 'consuming' | 'stopping' | 'stopped' | 'crashed' | 'diverged';

/**
 * `live`: feeds whichever version is live, following a switch (rebuild, rollback): every chunk
 * checks under the live feed lock that its version is still live, and an idle projector
 * re-reads it every `liveCheckMs`. `rebuild`: feeds exactly `version` and halts at the first
 * record it cannot apply (fail-loud) instead of parking it and moving on.
 */
export type ProjectorRole = 'live' | 'rebuild';

/** A chunk of a rebuild that had records the projection could not apply. */
export interface PoisonReport {
  partition: number;
  report: ChunkReport;
}

/** Options of a {@link Projector}. */
export interface ProjectorOptions {
  db: Kysely<Database>;
  kafka: KafkaClient;
  topic: string;
  groupId: string;
  /** The read-model version written (`rm_v<version>`, checkpoints `read-models@v<version>`). */
  version: number;
  /** Default `live`. */
  role?: ProjectorRole;
  /** How often a `live` projector re-reads which version is live (default 1 s). */
  liveCheckMs?: number;
  /**
   * Partitions whose batches are taken at once (default 32): the chunks they hand in together
   * are applied in one transaction (`ChunkGroup`), so a fetch across partitions costs one commit.
   */
  concurrency?: number;
  /** The broker answers a fetch once this many bytes are ready (default 1)… */
  minBytes?: number;
  /** …or after this long (default 100 ms). */
  maxWaitMs?: number;
  /** The consumer group's session timeout: how soon a dead member's partitions move (30 s). */
  sessionTimeoutMs?: number;
  /** Records to pass over, by `recordKey` (the live version's discarded dead letters). */
  skipRecords?: ReadonlySet<string>;
  /** `rebuild` role: what ops retried in the live version, to do again (see `ReplayRetried`). */
  replayRetried?: ReplayRetried;
  /**
   * `rebuild` role: called once when a chunk parked records (other than ones ops retried in
   * the live version); the projector has halted.
   */
  onPoison?: (poison: PoisonReport) => void;
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
  role: ProjectorRole;
  /** Partitions of the topic assigned to this member by the last group join. */
  assigned: readonly number[];
  partitions: ReadonlyMap<number, PartitionProgress>;
  totals: Readonly<ProjectorTotals>;
}

/** Totals of nothing yet. */
export const zeroTotals = (): ProjectorTotals => ({
  batches: 0,
  records: 0,
  applied: 0,
  duplicates: 0,
  parked: 0,
  unknownTypes: 0,
  stale: 0,
  batchSeconds: 0,
});
