import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { JsonObject, JsonObjectInput } from '../json-value.js';

/**
 * The event store: one row per event, append-only (every column's update type is `never`).
 *
 * `position` is the global order (bigserial, read as a JS number, see `safeInt8Types`);
 * `(lead_id, version)` is unique, the last guard of per-lead optimistic concurrency;
 * `tx_id` is the writing transaction's id (xid8, read as a string), kept so a reader can follow
 * the table gap-free below `pg_snapshot_xmin(pg_current_snapshot())`.
 */
export interface EventsTable {
  position: ColumnType<number, never, never>;
  event_id: ColumnType<string, string, never>;
  lead_id: ColumnType<string, string, never>;
  version: ColumnType<number, number, never>;
  type: ColumnType<string, string, never>;
  schema_version: ColumnType<number, number, never>;
  pipeline_id: ColumnType<string, string, never>;
  occurred_at: ColumnType<Date, Date | string, never>;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
  data: ColumnType<JsonObject, JsonObjectInput, never>;
  metadata: ColumnType<JsonObject, JsonObjectInput, never>;
  tx_id: ColumnType<string, never, never>;
}

/** A row read from `events`. */
export type EventRow = Selectable<EventsTable>;

/** A row to append to `events`. */
export type NewEventRow = Insertable<EventsTable>;
