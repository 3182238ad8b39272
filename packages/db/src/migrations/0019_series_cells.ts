import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

const VALUES = ['created', 'advanced', 'won', 'lost', 'won_amount'];

/** The series tables, as of this migration: cross first, the activity one summed from it. */
const TABLES = [
  {
    name: 'series_cross_daily',
    from: 'metric_cross_daily',
    key: ['pipeline_id', 'rollup', 'owner_id', 'source', 'cohort_day', 'occurred_day', 'currency'],
  },
  {
    name: 'series_activity_daily',
    from: 'series_cross_daily',
    key: ['pipeline_id', 'rollup', 'owner_id', 'source', 'occurred_day', 'currency'],
  },
] as const;

/**
 * The series cells in every existing read-model version: the flows a time series shows
 * (created, advanced, won, lost, won amount) per (pipeline, rollup, owner, source, day(s),
 * currency), as `seriesDdl` gives new versions. Summed from the version's cross cells, which
 * hold every rollup, in the order of the key's days; the key is built after the fill. A
 * version whose daily tables wait for their deferred build gets empty tables, which the build
 * fills. Reads every cross cell once. Idempotent: a version that has the tables is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const have = new Set(await readModelSchemasWith(db, 'series_activity_daily'));
  for (const schema of await readModelSchemasWith(db, 'metric_cross_daily')) {
    if (have.has(schema)) continue;
    for (const table of TABLES) {
      const target = sql.id(schema, table.name);
      const days = table.key.filter((k) => k.endsWith('_day'));
      await sql`DROP TABLE IF EXISTS ${target}`.execute(db);
      await sql`
        CREATE TABLE ${target} (
          pipeline_id text NOT NULL,
          rollup smallint NOT NULL,
          owner_id text NOT NULL,
          source text NOT NULL,
          ${sql.raw(days.map((d) => `${d} date NOT NULL,`).join('\n'))}
          currency text NOT NULL,
          ${sql.raw(VALUES.map((v) => `${v} bigint NOT NULL DEFAULT 0`).join(',\n'))}
        ) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,
          autovacuum_vacuum_insert_scale_factor = 0.02)
      `.execute(db);
      const keys = sql.raw(table.key.join(', '));
      const sums = sql.raw(VALUES.map((v) => `sum(${v})`).join(', '));
      const nonZero = sql.raw(VALUES.map((v) => `sum(${v}) <> 0`).join(' OR '));
      const order = sql.raw(table.key.slice(0, table.key.indexOf('currency')).join(', '));
      await sql`
        INSERT INTO ${target} (${keys}, ${sql.raw(VALUES.join(', '))})
        SELECT ${keys}, ${sums} FROM ${sql.id(schema, table.from)}
        GROUP BY ${keys} HAVING ${nonZero} ORDER BY ${order}
      `.execute(db);
      await sql`
        ALTER TABLE ${target} ADD PRIMARY KEY (${keys}) INCLUDE (${sql.raw(VALUES.join(', '))})
      `.execute(db);
      await sql`ANALYZE ${target}`.execute(db);
    }
  }
}
