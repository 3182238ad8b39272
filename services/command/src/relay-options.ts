import type pg from 'pg';
import type { KafkaClient } from '@dealflow/kafka';
import type { Logger } from '@dealflow/runtime';
import type { StoredEventRow } from './event-store.js';

/** Settings of an {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  pool: pg.Pool;
  kafka: Pick<KafkaClient, 'producer' | 'admin'>;
  topic: string;
  logger: Logger;
  /** When set, the topic is created with this many partitions (if missing) before publishing. */
  partitions?: number;
  /** Outbox rows read and published per batch (default 2000). */
  batchSize?: number;
  /**
   * Longest wait between two scans of an idle outbox (default 250 ms). After a scan that found
   * rows the wait starts again at `minPollMs` and doubles with every empty scan up to this.
   * `wake()` ends any wait at once.
   */
  pollMs?: number;
  /** Shortest wait between two scans unless woken (default 5 ms). */
  minPollMs?: number;
  /** How often a standby relay tries to take the lock (default 3 s). */
  lockRetryMs?: number;
  /** Cap of the exponential back-off after a Kafka failure (default 5 s). */
  maxBackoffMs?: number;
  /** How long `stop` waits for the current batch before it drops the lock anyway (default 10 s). */
  stopTimeoutMs?: number;
  /** CloudEvents `source` of the records (default `dealflow/command`). */
  source?: string;
  /** TEST ONLY: SIGKILL this process after a publish, before the outbox delete. */
  faultExitAfterPublish?: boolean;
}

/** What the relay has done, for health and logs. */
export interface RelayStats {
  /** `active` holds the lock and publishes; `standby` waits for it. */
  state: 'stopped' | 'standby' | 'active';
  publishedTotal: number;
  batches: number;
  lastPublishedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Kafka failures since the last successful publish. */
  consecutiveFailures: number;
}

export interface OutboxEventRow extends StoredEventRow {
  position: number;
}

/**
 * The oldest outbox rows with their events. The lateral join (its `LIMIT 1` keeps the planner
 * from flattening it) makes each row one lookup of the events' primary key: with a plain join,
 * the planner, misled by outbox statistics that still count rows deleted since, merge-joins
 * with a scan of the events from the first one ever written, or hashes all of them: a cost that
 * grows with the whole history.
 */
export const SELECT_BATCH = `
  SELECT e.position, e.event_id, e.lead_id, e.version, e.type, e.schema_version, e.pipeline_id,
         e.occurred_at, e.recorded_at, e.data, e.metadata
    FROM (SELECT position FROM outbox ORDER BY position LIMIT $1) o
   CROSS JOIN LATERAL (SELECT * FROM events WHERE events.position = o.position LIMIT 1) e
   ORDER BY o.position`;

/** The options of a relay with every default filled in. */
export type RelaySettings = Required<Omit<OutboxRelayOptions, 'partitions'>> & {
  partitions?: number;
};

/** The defaults documented on {@link OutboxRelayOptions}. */
export function relaySettings(options: OutboxRelayOptions): RelaySettings {
  return {
    ...options,
    batchSize: options.batchSize ?? 2_000,
    pollMs: options.pollMs ?? 250,
    minPollMs: Math.min(options.minPollMs ?? 5, options.pollMs ?? 250),
    lockRetryMs: options.lockRetryMs ?? 3_000,
    maxBackoffMs: options.maxBackoffMs ?? 5_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    source: options.source ?? 'dealflow/command',
    faultExitAfterPublish: options.faultExitAfterPublish ?? false,
  };
}
