import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/** The monthly tables and the daily twin each is summed from, as of this migration. */
const TABLES = [
  { name: 'metric_cohort_monthly', daily: 'metric_cohort_daily', axis: 'cohort', hist: false },
  {
    name: 'metric_activity_monthly',
    daily: 'metric_activity_daily',
    axis: 'occurred',
    hist: false,
  },
  { name: 'won_hist_cohort_monthly', daily: 'won_hist_cohort', axis: 'cohort', hist: true },
  { name: 'won_hist_activity_monthly', daily: 'won_hist_activity', axis: 'occurred', hist: true },
] as const;

/**
 * Monthly cells beside the single-axis daily ones, in every existing read-model version: a
 * window's whole months are then read from ~30 × fewer rows. Each key puts owner and source
 * before the month (`pipeline_id, rollup, owner_id, source, <axis>_month, …`), so one owner's
 * cells are adjacent. The tables are filled by grouping their daily twins by month (a version
 * whose daily tables still wait for a rebuild's deferred build has none yet; the build fills
 * both). New versions get the same from `readModelDdl`. Idempotent per table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    for (const schema of await readModelSchemasWith(db, t.daily)) {
      const exists = await readModelSchemasWith(db, t.name);
      if (exists.includes(schema)) continue;
      const { rows: valueRows } = await sql<{ name: string }>`
        SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = ${t.daily} AND data_type = 'bigint'
        ORDER BY ordinal_position
      `.execute(db);
      const values = valueRows.map((c) => c.name);
      const month = `${t.axis}_month`;
      const rest = t.hist ? ['currency', 'measure', 'bucket'] : ['stage', 'currency', 'reason'];
      const key = ['pipeline_id', 'rollup', 'owner_id', 'source', month, ...rest];
      const types: Record<string, string> = { rollup: 'smallint', bucket: 'int', [month]: 'date' };
      const columns = [
        ...key.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`),
        ...values.map((v) => `${v} bigint NOT NULL DEFAULT 0`),
      ];
      const table = sql.id(schema, t.name);
      await sql`
        CREATE TABLE ${table} (${sql.raw(columns.join(', '))}, PRIMARY KEY (${sql.raw(key.join(', '))}))
      `.execute(db);
      const select = key.map((k) => (k === month ? `date_trunc('month', ${t.axis}_day)::date` : k));
      const sums = values.map((v) => `sum(${v})`);
      await sql`
        INSERT INTO ${table} (${sql.raw([...key, ...values].join(', '))})
        SELECT ${sql.raw([...select, ...sums].join(', '))}
        FROM ${sql.id(schema, t.daily)}
        GROUP BY ${sql.raw(key.map((_, i) => String(i + 1)).join(', '))}
        HAVING ${sql.raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
      `.execute(db);
    }
  }
}
