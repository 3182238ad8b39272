import { sql, type Kysely } from 'kysely';
import { readModelSchemasWithIndex } from './read-model-schemas.js';
import { valueBounds } from './value-bounds.js';

/**
 * Every existing read-model version gains two indexes of its won deals by currency, amount
 * bucket and time (`metric_events_won_amount_bucket_created`, `…_occurred`): a windowed
 * deal-size median reads the window's deals of the bucket holding its rank, instead of walking
 * the bucket's deals of the whole history. `value_bucket(v)` is (re)declared first, as
 * `0032` declares it, for a version that has the amount index but not the visits one. A
 * version whose secondary indexes wait for a rebuild's bulk load to end (the amount index is
 * absent) gets them from its DDL then. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bounds = `{${valueBounds().join(',')}}`;
  for (const schema of await readModelSchemasWithIndex(db, 'metric_events_won_amount')) {
    const fn = sql.id(schema, 'value_bucket');
    await sql`
      CREATE OR REPLACE FUNCTION ${fn}(v bigint) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS ${sql.lit(`SELECT width_bucket(v, '${bounds}'::bigint[])`)}
    `.execute(db);
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
    const events = sql.id(schema, 'metric_events');
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_won_amount_bucket_created
      ON ${events} (pipeline_id, currency, ${fn}(abs(won_amount)), created_at)
      INCLUDE (won_amount, won, owner_id, source, occurred_at) WHERE won <> 0
    `.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_won_amount_bucket_occurred
      ON ${events} (pipeline_id, currency, ${fn}(abs(won_amount)), occurred_at)
      INCLUDE (won_amount, won, owner_id, source, created_at) WHERE won <> 0
    `.execute(db);
  }
}
