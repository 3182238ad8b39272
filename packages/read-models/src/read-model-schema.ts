import type { Database } from '@dealflow/db';
import type { ColumnType, Insertable, Kysely, Selectable } from 'kysely';
import { appliedPositionDdl } from './applied-position-ddl.js';
import { leadListDdl } from './lead-list/lead-list-ddl.js';
import { metricDdl } from './metrics/metric-ddl.js';

/**
 * Read models are versioned: version N lives in its own Postgres schema `rm_v<N>` with its own
 * checkpoints, so a rebuild can fill a new version while the live one keeps serving, and one
 * switch (`projection_versions.state`) makes it live.
 */
export const readModelSchemaName = (version: number): string => {
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`bad read-model version ${version}`);
  return `rm_v${version}`;
};

/** Projection name used for checkpoints of read-model version N. */
export const projectionName = (version: number): string => `read-models@v${version}`;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Int8 = ColumnType<number, number | bigint | string, number | bigint | string>;

/**
 * One row per lead: what the projector needs to turn the next event into deltas (current
 * stage, version, dimensions), and what drill-downs, percentiles and edge days read.
 * Dimensions absent on the lead are stored as '' so aggregate keys stay non-null.
 */
export interface LeadRow {
  lead_id: string;
  pipeline_id: string;
  owner_id: string;
  source: string;
  created_at: Timestamp;
  /** UTC day of `created_at`: the cohort the lead belongs to. */
  cohort_day: ColumnType<string, string, string>;
  /** Current stage id: an open stage, or the pipeline's won/lost stage once closed. */
  stage: string;
  /** The last open stage the lead was in (equals `stage` while open). */
  open_stage: string;
  /** Highest 1-based position among open stages the lead reached. */
  furthest_position: number;
  status: 'open' | 'won' | 'lost';
  currency: string;
  /** Expected amount while open; final amount once won (minor units). */
  amount: Int8;
  stage_entered_at: Timestamp;
  closed_at: Timestamp | null;
  reason: string | null;
  version: number;
  last_occurred_at: Timestamp;
}

/**
 * Additive counters of the cohort funnel, keyed by (pipeline, cohort day, stage, owner, source).
 * Deltas commute, so a query sums a bounded number of rows whatever the number of leads, and
 * several projector instances can apply their batches side by side.
 *
 * - `reached`: leads that were ever at this stage or beyond (a won lead reached every open stage;
 *   the won/lost stage rows count closed leads)
 * - `touched`: leads that were actually in this stage (skipped stages do not count)
 * - `current`: open leads in this stage now
 * - `lost`: leads lost while in this stage
 */
export interface FunnelDailyRow {
  pipeline_id: string;
  cohort_day: ColumnType<string, string, string>;
  stage: string;
  owner_id: string;
  source: string;
  reached: Int8;
  touched: Int8;
  current: Int8;
  lost: Int8;
}

/** An event the live projection could not apply, with its original bytes (dead letter). */
export interface ParkedEventRow {
  id: ColumnType<number, never, never>;
  topic: string;
  partition: number;
  offset: Int8;
  lead_id: string | null;
  error_code: string;
  error: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: ColumnType<Record<string, string>, string, string>;
  parked_at: ColumnType<Date, string | undefined, never>;
  status: 'parked' | 'retried' | 'discarded';
  /** How many times ops retried it. */
  attempts: ColumnType<number, never, number>;
  /** When it was retried successfully or discarded. */
  resolved_at: Date | null;
  /** The operator's note on a discard. */
  note: string | null;
  /** When it was published to the dead-letter topic (null: not yet). */
  dlq_published_at: Date | null;
}

/** Tables of one read-model version (used with `db.withSchema(readModelSchemaName(n))`). */
export interface ReadModelDatabase {
  leads: LeadRow;
  funnel_daily: FunnelDailyRow;
  parked_events: ParkedEventRow;
}

/**
 * `db` (or a transaction) seen as the typed tables of read-model version `version`.
 *
 * @example await readModelDb(trx, 3).selectFrom('parked_events').selectAll().execute();
 */
export function readModelDb(db: Kysely<Database>, version: number): Kysely<ReadModelDatabase> {
  return (db as unknown as Kysely<ReadModelDatabase>).withSchema(readModelSchemaName(version));
}

export type Lead = Selectable<LeadRow>;
export type NewLead = Insertable<LeadRow>;
export type FunnelDaily = Selectable<FunnelDailyRow>;

/** DDL that creates read-model version N from nothing (idempotent). */
export function readModelDdl(version: number): string[] {
  const s = readModelSchemaName(version);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.leads (
      lead_id text PRIMARY KEY,
      pipeline_id text NOT NULL,
      owner_id text NOT NULL DEFAULT '',
      source text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      cohort_day date NOT NULL,
      stage text NOT NULL,
      open_stage text NOT NULL,
      furthest_position int NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
      currency text NOT NULL,
      amount bigint NOT NULL,
      stage_entered_at timestamptz NOT NULL,
      closed_at timestamptz,
      reason text,
      version int NOT NULL,
      last_occurred_at timestamptz NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS leads_pipeline_created ON ${s}.leads (pipeline_id, created_at)`,
    `CREATE INDEX IF NOT EXISTS leads_pipeline_status_stage ON ${s}.leads (pipeline_id, status, stage)`,
    `CREATE TABLE IF NOT EXISTS ${s}.funnel_daily (
      pipeline_id text NOT NULL,
      cohort_day date NOT NULL,
      stage text NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      reached bigint NOT NULL DEFAULT 0,
      touched bigint NOT NULL DEFAULT 0,
      current bigint NOT NULL DEFAULT 0,
      lost bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (pipeline_id, cohort_day, stage, owner_id, source)
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.parked_events (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      partition int NOT NULL,
      "offset" bigint NOT NULL,
      lead_id text,
      error_code text NOT NULL,
      error text NOT NULL,
      key bytea,
      value bytea,
      headers jsonb NOT NULL DEFAULT '{}',
      parked_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'retried', 'discarded')),
      attempts int NOT NULL DEFAULT 0,
      resolved_at timestamptz,
      note text,
      dlq_published_at timestamptz,
      UNIQUE (topic, partition, "offset")
    )`,
    `CREATE INDEX IF NOT EXISTS parked_events_lead ON ${s}.parked_events (lead_id) WHERE status = 'parked'`,
    `CREATE INDEX IF NOT EXISTS parked_events_dlq_pending ON ${s}.parked_events (id) WHERE dlq_published_at IS NULL`,
    ...metricDdl(s),
    ...appliedPositionDdl(s),
    ...leadListDdl(s),
  ];
}
