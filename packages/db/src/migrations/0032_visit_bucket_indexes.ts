import { sql, type Kysely } from 'kysely';
import { readModelSchemasWithIndex } from './read-model-schemas.js';
import { valueBounds } from './value-bounds.js';

/**
 * Every existing read-model version gains `value_bucket(v)` (the histogram's value bucket, as
 * an immutable SQL function) and two indexes of the visits by stage, bucket and time
 * (`metric_events_visit_bucket_created`, `…_occurred`): a windowed median of stage durations
 * reads the window's visits of the bucket holding its rank, instead of walking the bucket's
 * visits of the whole history. A version whose secondary indexes wait for a rebuild's bulk
 * load to end (the visits index is absent) gets them from its DDL then. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bounds = `{${valueBounds().join(',')}}`;
  for (const schema of await readModelSchemasWithIndex(db, 'metric_events_visits')) {
    const fn = sql.id(schema, 'value_bucket');
    await sql`
      CREATE OR REPLACE FUNCTION ${fn}(v bigint) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS ${sql.lit(`SELECT width_bucket(v, '${bounds}'::bigint[])`)}
    `.execute(db);
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
    const events = sql.id(schema, 'metric_events');
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_visit_bucket_created
      ON ${events} (pipeline_id, stage, ${fn}(visit_ms), created_at)
      INCLUDE (visit_ms, owner_id, source, occurred_at) WHERE visit_ms IS NOT NULL
    `.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_visit_bucket_occurred
      ON ${events} (pipeline_id, stage, ${fn}(visit_ms), occurred_at)
      INCLUDE (visit_ms, owner_id, source, created_at) WHERE visit_ms IS NOT NULL
    `.execute(db);
  }
}
