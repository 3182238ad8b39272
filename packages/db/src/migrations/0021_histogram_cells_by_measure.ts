import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/** The histogram tables and their time columns, as of this migration. */
const TABLES = [
  { name: 'won_hist_cohort', time: ['cohort_day'] },
  { name: 'won_hist_activity', time: ['occurred_day'] },
  { name: 'won_hist_cross', time: ['cohort_day', 'occurred_day'] },
  { name: 'won_hist_cohort_monthly', time: ['cohort_month'] },
  { name: 'won_hist_activity_monthly', time: ['occurred_month'] },
  { name: 'won_hist_total', time: [] },
];

const keyOf = (time: readonly string[]) => [
  'pipeline_id',
  'rollup',
  'owner_id',
  'source',
  'measure',
  ...time,
  'currency',
  'bucket',
];

const STORAGE =
  'fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02';

/**
 * The won-deal and visit histograms of every existing read-model version keyed by scope and
 * measure before time — `(pipeline_id, rollup, owner_id, source, measure, <time>, currency,
 * bucket) INCLUDE (n, total)` — so one measure over a range of days is one index range read
 * index-only, without visiting the other measures' cells; and an all-time histogram
 * (`won_hist_total`, the monthly cohort cells summed over the months), so a scope with no date
 * bound reads one cell per bucket. A version whose cells wait for a rebuild's deferred build
 * gets an empty all-time table, which the build fills. New versions get the same from
 * `readModelDdl`. Idempotent: a key already in this shape is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const withTotal = await readModelSchemasWith(db, 'won_hist_total');
  for (const schema of await readModelSchemasWith(db, 'won_hist_cohort_monthly')) {
    const total = sql.id(schema, 'won_hist_total');
    const totalKey = keyOf([]);
    const types: Record<string, string> = { rollup: 'smallint', bucket: 'int' };
    if (!withTotal.includes(schema)) {
      await sql`
        CREATE TABLE ${total} (
          ${sql.raw(totalKey.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`).join(', '))},
          n bigint NOT NULL DEFAULT 0,
          total bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (${sql.raw(totalKey.join(', '))}) INCLUDE (n, total)
        ) WITH (${sql.raw(STORAGE)})
      `.execute(db);
      if (!deferred.includes(schema)) {
        const positions = sql.raw(totalKey.map((_, i) => String(i + 1)).join(', '));
        await sql`
          INSERT INTO ${total} (${sql.raw(totalKey.join(', '))}, n, total)
          SELECT ${sql.raw(totalKey.join(', '))}, sum(n), sum(total)
          FROM ${sql.id(schema, 'won_hist_cohort_monthly')}
          GROUP BY ${positions}
          HAVING sum(n) <> 0 OR sum(total) <> 0
          ORDER BY ${positions}
        `.execute(db);
      }
      await sql`ANALYZE ${total}`.execute(db);
    }
    for (const t of TABLES) {
      const key = keyOf(t.time);
      const wanted = `PRIMARY KEY (${key.join(', ')}) INCLUDE (n, total)`;
      const { rows } = await sql<{ name: string; def: string }>`
        SELECT k.conname AS name, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'p' AND n.nspname = ${schema} AND c.relname = ${t.name}
      `.execute(db);
      const current = rows[0];
      if (current === undefined || current.def === wanted) continue;
      const table = sql.id(schema, t.name);
      await sql`ALTER TABLE ${table} DROP CONSTRAINT ${sql.id(current.name)}`.execute(db);
      await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
      await sql`ALTER TABLE ${table} ADD CONSTRAINT ${sql.id(current.name)} ${sql.raw(wanted)}`.execute(
        db,
      );
      await sql`ALTER TABLE ${table} SET (${sql.raw(STORAGE)})`.execute(db);
    }
  }
}
