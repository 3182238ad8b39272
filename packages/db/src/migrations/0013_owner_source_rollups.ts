import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

const TABLES = [
  { name: 'metric_cohort_daily', days: ['cohort_day'] },
  { name: 'metric_activity_daily', days: ['occurred_day'] },
  { name: 'metric_cross_daily', days: ['cohort_day', 'occurred_day'] },
];

/** Key columns after the day(s), besides the rollup. */
const DIMENSIONS = ['stage', 'owner_id', 'source', 'currency', 'reason'];

/**
 * The daily metric tables get the "all" value of owner and source: a `rollup` key column (bit 1:
 * summed over owners, `owner_id` = ''; bit 2: over sources, `source` = ''), so a query without
 * those filters reads the cells of its own combination instead of summing every owner × source.
 * Existing rows are rollup 0; the three summed rollups are added from them. New versions get
 * the same from `readModelDdl`. Idempotent: a table that has the column is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    for (const schema of await readModelSchemasWith(db, t.name)) {
      const { rows: has } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = ${t.name} AND column_name = 'rollup'
      `.execute(db);
      if ((has[0]?.n ?? 0) > 0) continue;
      const table = sql.id(schema, t.name);
      const { rows: counterRows } = await sql<{ name: string }>`
        SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = ${t.name} AND data_type = 'bigint'
        ORDER BY ordinal_position
      `.execute(db);
      const counters = counterRows.map((c) => c.name);
      const key = ['pipeline_id', 'rollup', ...t.days, ...DIMENSIONS];
      await sql`ALTER TABLE ${table} ADD COLUMN rollup smallint NOT NULL DEFAULT 0`.execute(db);
      await sql`ALTER TABLE ${table} ALTER COLUMN rollup DROP DEFAULT`.execute(db);
      await sql`ALTER TABLE ${table} DROP CONSTRAINT ${sql.id(`${t.name}_pkey`)}`.execute(db);
      await sql`ALTER TABLE ${table} ADD PRIMARY KEY (${sql.raw(key.join(', '))})`.execute(db);
      const select = key.map((k) =>
        k === 'rollup'
          ? 'r.rollup'
          : k === 'owner_id'
            ? `CASE WHEN r.rollup & 1 = 1 THEN '' ELSE owner_id END`
            : k === 'source'
              ? `CASE WHEN r.rollup & 2 = 2 THEN '' ELSE source END`
              : k,
      );
      const sums = counters.map((c) => `sum(${c})`);
      await sql`
        INSERT INTO ${table} (${sql.raw([...key, ...counters].join(', '))})
        SELECT ${sql.raw([...select, ...sums].join(', '))}
        FROM ${table} CROSS JOIN (VALUES (1), (2), (3)) AS r(rollup)
        WHERE ${table}.rollup = 0
        GROUP BY ${sql.raw(key.map((_, i) => String(i + 1)).join(', '))}
        HAVING ${sql.raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
      `.execute(db);
    }
  }
}
