import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/** The key of the all-time cells, as of this migration: the monthly cohort key without the month. */
const KEY = ['pipeline_id', 'rollup', 'owner_id', 'source', 'stage', 'currency', 'reason'];

/**
 * All-time metric cells (`metric_total`) in every existing read-model version: the monthly
 * cohort cells summed over the months, so a scope with no date bound (the summary of all time,
 * the reasons, the funnel) sums one cell per stage, currency and reason instead of one per
 * month. A version whose cells wait for a rebuild's deferred build gets an empty table, which
 * the build fills. New versions get the same from `readModelDdl`. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const exists = await readModelSchemasWith(db, 'metric_total');
  for (const schema of await readModelSchemasWith(db, 'metric_cohort_monthly')) {
    if (exists.includes(schema)) continue;
    const { rows: valueRows } = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name = 'metric_cohort_monthly'
        AND data_type = 'bigint'
      ORDER BY ordinal_position
    `.execute(db);
    const values = valueRows.map((c) => c.name);
    const types: Record<string, string> = { rollup: 'smallint' };
    // The columns in the order the DDL gives them (stage before owner and source).
    const order = ['pipeline_id', 'rollup', 'stage', 'owner_id', 'source', 'currency', 'reason'];
    const columns = [
      ...order.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`),
      ...values.map((v) => `${v} bigint NOT NULL DEFAULT 0`),
    ];
    const table = sql.id(schema, 'metric_total');
    await sql`
      CREATE TABLE ${table} (
        ${sql.raw(columns.join(', '))},
        PRIMARY KEY (${sql.raw(KEY.join(', '))}) INCLUDE (${sql.raw(values.join(', '))})
      ) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.02)
    `.execute(db);
    if (!deferred.includes(schema)) {
      const sums = values.map((v) => `sum(${v})`);
      const positions = sql.raw(KEY.map((_, i) => String(i + 1)).join(', '));
      await sql`
        INSERT INTO ${table} (${sql.raw([...KEY, ...values].join(', '))})
        SELECT ${sql.raw([...KEY, ...sums].join(', '))}
        FROM ${sql.id(schema, 'metric_cohort_monthly')}
        GROUP BY ${positions}
        HAVING ${sql.raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
        ORDER BY ${positions}
      `.execute(db);
    }
    await sql`ANALYZE ${table}`.execute(db);
  }
}
