import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** A lead's key as the readers of personal data see it. */
export type LeadKeyState =
  | { kind: 'key'; key: Buffer }
  | { kind: 'erased'; erasedAt: Date }
  /** No row: the key is lost (never erased). An error, never shown as erasure. */
  | { kind: 'missing' };

/**
 * The key state of each lead asked for, in one query. Leads without a row are `missing`.
 *
 * @example const keys = await readLeadKeys(db, ['L-1', 'L-2']);
 */
export async function readLeadKeys(
  db: Kysely<Database>,
  leadIds: readonly string[],
): Promise<Map<string, LeadKeyState>> {
  const states = new Map<string, LeadKeyState>();
  if (leadIds.length === 0) return states;
  const rows = await db
    .selectFrom('lead_keys')
    .select(['lead_id', 'key', 'erased_at'])
    .where('lead_id', '=', sql<string>`ANY(${[...new Set(leadIds)]}::text[])`)
    .execute();
  for (const row of rows) {
    if (row.key !== null) states.set(row.lead_id, { kind: 'key', key: row.key });
    else states.set(row.lead_id, { kind: 'erased', erasedAt: row.erased_at ?? new Date(0) });
  }
  for (const id of leadIds) if (!states.has(id)) states.set(id, { kind: 'missing' });
  return states;
}
