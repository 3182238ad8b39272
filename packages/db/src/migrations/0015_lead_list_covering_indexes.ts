import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/** Every column a lead list filters on (as in `leadListDdl`). */
const FILTERED = [
  'stage',
  'status',
  'owner_id',
  'source',
  'currency',
  'amount',
  'created_at',
  'last_occurred_at',
];

/** The narrow sort index of 0014 each covering one replaces. */
const SORT_KEYS = [
  ['last_occurred_at', 'leads_list_activity'],
  ['created_at', 'leads_list_created'],
  ['amount', 'leads_list_amount'],
] as const;

/**
 * Lead lists at a million leads: each sort index of `leads` carries every filtered column
 * (`INCLUDE`), so a page with a filter finds its leads by testing index entries alone (an
 * index-only scan) instead of fetching every skipped row; autovacuum follows `leads` closely so
 * the visibility map that makes those scans index-only stays current. Existing read-model
 * versions get `leads_list_<key>_cover` in place of the narrow index, the same shape
 * `readModelDdl` gives new versions. Builds three indexes per version: on a large table this
 * takes a while and blocks its writes (the projector waits, nothing is lost). Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'leads')) {
    for (const [key, narrow] of SORT_KEYS) {
      const include = FILTERED.filter((c) => c !== key).join(', ');
      await sql`
        CREATE INDEX IF NOT EXISTS ${sql.id(`leads_list_${key}_cover`)}
        ON ${sql.id(schema, 'leads')} (pipeline_id, ${sql.id(key)}, lead_id COLLATE "C")
        INCLUDE (${sql.raw(include)})
      `.execute(db);
      await sql`DROP INDEX IF EXISTS ${sql.id(schema, narrow)}`.execute(db);
    }
    await sql`
      ALTER TABLE ${sql.id(schema, 'leads')} SET (
        autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.02)
    `.execute(db);
  }
}
