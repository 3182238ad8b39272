import type { Database } from '@dealflow/db';
import { readModelDb, type ReadModelDatabase } from '@dealflow/read-models';
import type { Kysely, Selectable } from 'kysely';

/**
 * Marks parked events of read-model `version` as retried: they applied (or were in already),
 * now, one more attempt. Returns the updated rows.
 */
export async function markRetried(
  db: Kysely<Database>,
  version: number,
  ids: readonly number[],
): Promise<Selectable<ReadModelDatabase['parked_events']>[]> {
  if (ids.length === 0) return [];
  return readModelDb(db, version)
    .updateTable('parked_events')
    .set((eb) => ({ status: 'retried', resolved_at: new Date(), attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}
