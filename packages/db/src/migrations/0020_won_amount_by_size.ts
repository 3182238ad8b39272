import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/**
 * The won rows' amount index of every existing read-model version keyed by `abs(won_amount)`
 * (a win taken back holds −its amount), as `wonHistogramDdl` gives new versions: a bucket's
 * deals, both signs, are then one range read in amount order, so a median stops reading at its
 * rank. Replaces the index keyed by the signed amount. Idempotent: an index already keyed by
 * the absolute amount is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'metric_events')) {
    const { rows } = await sql<{ def: string }>`
      SELECT pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relname = 'metric_events_won_amount'
    `.execute(db);
    if (rows[0]?.def.includes('abs(won_amount)') === true) continue;
    await sql`DROP INDEX IF EXISTS ${sql.id(schema, 'metric_events_won_amount')}`.execute(db);
    await sql`
      CREATE INDEX metric_events_won_amount ON ${sql.id(schema, 'metric_events')}
        (pipeline_id, currency, abs(won_amount))
        INCLUDE (owner_id, source, created_at, occurred_at, won, won_amount) WHERE won <> 0
    `.execute(db);
  }
}
