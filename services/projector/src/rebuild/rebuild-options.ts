import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { KafkaAdmin, KafkaClient, KafkaConnection } from '@dealflow/kafka';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import type { RebuildProgress } from './rebuild-progress.js';

/** Where a rebuild reads history from. */
export type RebuildSource = 'kafka' | 'events-table';

/** Options of `startRebuild`. */
export interface RebuildOptions {
  db: Kysely<Database>;
  kafka: KafkaClient;
  admin: KafkaAdmin;
  topic: string;
  /** Prefix of the consumer group of each rebuild run (`<groupId>.rebuild.v<N>.<run>`). */
  groupId: string;
  pipelines: PipelineCatalog;
  logger: Logger;
  /** Default `kafka`; a resumed rebuild keeps the source it was started with. */
  from?: RebuildSource;
  /** Only continue an unfinished (`building`) version; fail when there is none. */
  resumeOnly?: boolean;
  onProgress?: (progress: RebuildProgress) => void;
  /** Records per transaction (default 10 000). */
  chunkRecords?: number;
  /** Fetch size per partition (default 16 MiB). */
  maxBatchBytes?: number;
  /** How often progress is read while consuming (default 500 ms). */
  progressIntervalMs?: number;
  /** How long one switch attempt may hold the live version still (default 15 s). */
  switchTimeoutMs?: number;
  /**
   * Try the switch once at most this many events are left to apply (default 2 000). Under
   * steady traffic the lag is seldom exactly 0 when polled; the switch holds the live feed and
   * waits for the building version to apply the rest, so this bounds how long the feed is held.
   */
  switchLagEvents?: number;
  /**
   * Fold the topic with this many consumers of one group, each in a worker thread with its own
   * database pool and Kafka client (Kafka splits the partitions between them), so the fold
   * uses more than one core (the Kafka phase; `events-table` replays in this thread). Default:
   * one consumer in this thread.
   */
  workers?: RebuildWorkersOptions;
}

/** Where rebuild consumer threads connect (`RebuildOptions.workers`). */
export interface RebuildWorkersOptions {
  count: number;
  /** The database URL of the service (the threads set the rebuild's session options). */
  databaseUrl: string;
  kafka: KafkaConnection;
  /** Where the threads log: 1 (stdout, default) or 2 (stderr, beside a CLI's own output). */
  logFd?: 1 | 2;
}
