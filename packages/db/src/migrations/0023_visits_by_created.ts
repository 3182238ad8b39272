import { sql, type Kysely } from 'kysely';
import { readModelSchemasWithIndex } from './read-model-schemas.js';

/**
 * Every existing read-model version gains `metric_events_visits_created`: the visits keyed by
 * creation time, with what their filters and buckets need. Stage durations of a cohort that
 * starts or ends inside a day read that day's visits; until now the planner had the visits
 * index (by stage and duration) with the creation time as a filter, which reads every visit of
 * the stages (81 k entries for 179 rows at 100 k leads), or the creation index and a heap page
 * per event. A version whose secondary indexes wait for a rebuild's bulk load to end (the
 * visits index is absent) gets it from its DDL then. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWithIndex(db, 'metric_events_visits')) {
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_visits_created
      ON ${sql.id(schema, 'metric_events')} (pipeline_id, created_at)
      INCLUDE (stage, visit_ms, owner_id, source, occurred_at) WHERE visit_ms IS NOT NULL
    `.execute(db);
  }
}
