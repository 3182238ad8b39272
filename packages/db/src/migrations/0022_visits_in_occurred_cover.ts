import { sql, type Kysely } from 'kysely';
import { OCCURRED_COVER as COVER_0017 } from './0017_monthly_cells.js';
import { readModelSchemasWith, replaceIndex } from './read-model-schemas.js';

/** The columns of the occurred-time covering index, as of this migration: 0017's and the visits. */
const OCCURRED_COVER = [...COVER_0017, 'visit_ms'];

/**
 * The occurred-time covering index of every existing read-model version gains `visit_ms`: the
 * visits of an `asOf`'s partial day (stage durations) are then read index-only, like its
 * counters, instead of fetching each event's heap page. The new index is built beside the old
 * one and takes its name, so reads keep an index throughout. A version whose secondary indexes
 * wait for a rebuild's bulk load to end (the index is absent) gets it from its DDL then.
 * Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'metric_events')) {
    const { rows } = await sql<{ def: string; visits: boolean }>`
      SELECT indexdef AS def, EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = 'metric_events' AND column_name = 'visit_ms'
      ) AS visits
      FROM pg_indexes WHERE schemaname = ${schema} AND indexname = 'metric_events_occurred_cover'
    `.execute(db);
    const current = rows[0];
    if (current === undefined || !current.visits || current.def.includes('visit_ms')) continue;
    await replaceIndex(
      db,
      schema,
      'metric_events_occurred_cover',
      `(pipeline_id, occurred_at) INCLUDE (${OCCURRED_COVER.join(', ')})`,
    );
  }
}
