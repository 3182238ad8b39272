import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/** The series values and the key of the cells by creation month, as of this migration. */
const VALUES = ['created', 'advanced', 'won', 'lost', 'won_amount'];
const KEY = [
  'pipeline_id',
  'rollup',
  'owner_id',
  'source',
  'cohort_month',
  'occurred_day',
  'currency',
];

/**
 * Series cells by creation month and occurred day (`series_cross_monthly`) in every existing
 * read-model version, summed from its cells by creation day: a bounded cohort's time series
 * reads its whole creation months from them. A version whose cells wait for a rebuild's
 * deferred build gets an empty table, which the build fills. New versions get the same from
 * `readModelDdl`. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const exists = await readModelSchemasWith(db, 'series_cross_monthly');
  for (const schema of await readModelSchemasWith(db, 'series_cross_daily')) {
    if (exists.includes(schema)) continue;
    const types: Record<string, string> = {
      rollup: 'smallint',
      cohort_month: 'date',
      occurred_day: 'date',
    };
    const columns = [
      ...KEY.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`),
      ...VALUES.map((v) => `${v} bigint NOT NULL DEFAULT 0`),
    ];
    const table = sql.id(schema, 'series_cross_monthly');
    await sql`
      CREATE TABLE ${table} (
        ${sql.raw(columns.join(', '))},
        PRIMARY KEY (${sql.raw(KEY.join(', '))}) INCLUDE (${sql.raw(VALUES.join(', '))})
      ) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.02)
    `.execute(db);
    if (!deferred.includes(schema)) {
      const select = KEY.map((k) =>
        k === 'cohort_month' ? `date_trunc('month', cohort_day)::date` : k,
      );
      const sums = VALUES.map((v) => `sum(${v})`);
      const positions = sql.raw(KEY.map((_, i) => String(i + 1)).join(', '));
      await sql`
        INSERT INTO ${table} (${sql.raw([...KEY, ...VALUES].join(', '))})
        SELECT ${sql.raw([...select, ...sums].join(', '))}
        FROM ${sql.id(schema, 'series_cross_daily')}
        GROUP BY ${positions}
        HAVING ${sql.raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
        ORDER BY ${positions}
      `.execute(db);
    }
    await sql`ANALYZE ${table}`.execute(db);
  }
}
