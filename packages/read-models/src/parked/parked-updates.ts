import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { readModelDb, readModelSchemaName } from '../read-model-schema.js';
import type { ParkedRow } from './parked-rows.js';

/**
 * Marks dead letters of `version` as retried: they applied (or were in already), now, one more
 * attempt. Returns the updated rows.
 */
export async function markRetried(
  db: Kysely<Database>,
  version: number,
  ids: readonly number[],
): Promise<ParkedRow[]> {
  if (ids.length === 0) return [];
  return readModelDb(db, version)
    .updateTable('parked_events')
    .set((eb) => ({ status: 'retried', resolved_at: new Date(), attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}

/** A retried dead letter that still cannot apply: the new reason, one more attempt. */
export async function markStillParked(
  db: Kysely<Database>,
  version: number,
  id: number,
  why: { code: string; error: string },
): Promise<ParkedRow> {
  return readModelDb(db, version)
    .updateTable('parked_events')
    .set((eb) => ({ error_code: why.code, error: why.error, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Discards a dead letter for good, with the operator's note. */
export async function markDiscarded(
  db: Kysely<Database>,
  version: number,
  id: number,
  note: string | null,
): Promise<ParkedRow> {
  return readModelDb(db, version)
    .updateTable('parked_events')
    .set({ status: 'discarded', resolved_at: new Date(), note })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Up to `limit` dead letters of `version` not yet published to the dead-letter topic, locked
 * for the transaction (rows another publisher holds are passed over).
 */
export async function claimUnpublished(
  db: Kysely<Database>,
  version: number,
  limit: number,
): Promise<ParkedRow[]> {
  return readModelDb(db, version)
    .selectFrom('parked_events')
    .selectAll()
    .where('dlq_published_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Marks dead letters as published to the dead-letter topic. */
export async function markPublished(
  db: Kysely<Database>,
  version: number,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  await readModelDb(db, version)
    .updateTable('parked_events')
    .set({ dlq_published_at: new Date() })
    .where('id', 'in', ids)
    .execute();
}

/**
 * Copies the dead letters of `topic` that ops discarded in version `from` (bytes, error, note,
 * as discarded and already published) into version `into`, so the decision outlives a switch.
 */
export async function copyDiscarded(
  db: Kysely<Database>,
  topic: string,
  from: number,
  into: number,
): Promise<void> {
  await sql`
    INSERT INTO ${sql.id(readModelSchemaName(into), 'parked_events')} (topic, partition, "offset",
      lead_id, error_code, error, key, value, headers, parked_at, status, attempts, resolved_at,
      note, dlq_published_at)
    SELECT topic, partition, "offset", lead_id, error_code, error, key, value, headers,
      parked_at, status, attempts, resolved_at, note, coalesce(dlq_published_at, now())
    FROM ${sql.id(readModelSchemaName(from), 'parked_events')}
    WHERE topic = ${topic} AND status = 'discarded'
    ON CONFLICT (topic, partition, "offset") DO NOTHING
  `.execute(db);
}
