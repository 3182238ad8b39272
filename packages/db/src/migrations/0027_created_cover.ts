import { sql, type Kysely } from 'kysely';
import { OCCURRED_COVER as COVER_0017 } from './0017_monthly_cells.js';
import { readModelSchemasWith, replaceIndex } from './read-model-schemas.js';

/**
 * The columns of the creation-time index's `INCLUDE`, as of this migration: those of the
 * occurred-time one (0017's and the visits), with the occurred time in place of the created.
 */
const CREATED_COVER = [
  'owner_id',
  'source',
  'occurred_at',
  ...COVER_0017.filter((c) => !['owner_id', 'source', 'created_at'].includes(c)),
  'visit_ms',
];

/**
 * The creation-time index of every existing read-model version (`metric_events_created`)
 * covers what a cohort's partial day sums: a cohort that starts or ends inside a day then reads
 * that day's created edge index-only, instead of fetching each event's heap page. The new index
 * is built beside the old one and takes its name, so reads keep an index throughout. A version
 * whose secondary indexes wait for a rebuild's bulk load to end (the index is absent) gets it
 * from its DDL then. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'metric_events')) {
    const { rows } = await sql<{ def: string; columns: string[] }>`
      SELECT indexdef AS def, ARRAY(
        SELECT column_name::text FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = 'metric_events'
      ) AS columns
      FROM pg_indexes WHERE schemaname = ${schema} AND indexname = 'metric_events_created'
    `.execute(db);
    const current = rows[0];
    if (current === undefined || current.def.includes('INCLUDE')) continue;
    const has = new Set(current.columns);
    const cover = CREATED_COVER.filter((c) => has.has(c));
    await replaceIndex(
      db,
      schema,
      'metric_events_created',
      `(pipeline_id, created_at) INCLUDE (${cover.join(', ')})`,
    );
  }
}
