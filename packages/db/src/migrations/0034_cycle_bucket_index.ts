import { sql, type Kysely } from 'kysely';
import { readModelSchemasWithIndex } from './read-model-schemas.js';

/**
 * Every existing read-model version gains an index of its won deals by cycle bucket and the
 * time they were won (`metric_events_won_cycle_bucket_occurred`): the cycle median of a scope
 * as of an instant subtracts the bucket's deals won after the instant, one range of it, from
 * the all-time fine cells, instead of walking the bucket's deals of the whole history. Only a
 * version with the amount-bucket indexes (`0033`, which declares `value_bucket(v)`) gets it
 * here; one whose secondary indexes wait for a rebuild's bulk load to end gets it from its DDL
 * then. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWithIndex(
    db,
    'metric_events_won_amount_bucket_occurred',
  )) {
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_won_cycle_bucket_occurred
      ON ${sql.id(schema, 'metric_events')}
        (pipeline_id, ${sql.id(schema, 'value_bucket')}(cycle_ms), occurred_at)
      INCLUDE (cycle_ms, won, owner_id, source) WHERE won <> 0 AND cycle_ms IS NOT NULL
    `.execute(db);
  }
}
