import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Events committed but not yet published to Kafka, one row per event, written in the same
 * transaction as the event. The relay deletes a row once Kafka has acknowledged it, so the table
 * stays tiny; reading the remaining rows in `position` order is gap-safe by construction: a row
 * whose transaction commits late is simply still there on the next scan.
 */
export interface OutboxTable {
  position: ColumnType<number, number, never>;
  lead_id: ColumnType<string, string, never>;
  enqueued_at: Generated<Date>;
}

/** A row read from `outbox`. */
export type OutboxRow = Selectable<OutboxTable>;

/** A row to add to `outbox`. */
export type NewOutboxRow = Insertable<OutboxTable>;
