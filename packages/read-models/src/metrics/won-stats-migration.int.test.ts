import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { metricScope } from './metric-scope.js';
import { wonStats, type WonStats } from './won-percentiles.js';
import { keptCellFilters, refreshWonStats, staleWonStats } from './won-stats-total.js';
import { WON_STATS_TOTAL } from './won-stats-total-ddl.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_won_stats_migration');
});
afterAll(() => tdb?.drop());

it('gives a version written before the kept statistics a stale row per cell with won deals, which the refresh computes', async () => {
  const { version, schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 17,
    start: '2025-02-08T00:00:00.000Z',
    spanDays: 70,
    pipelines: [defaultPipeline, b2cPipeline],
  });
  const table = sql.id(schema, WON_STATS_TOTAL);
  // The shape before: no kept statistics.
  await sql`DROP TABLE ${table}`.execute(tdb.db);

  const migration = migrations['0031_won_stats_total'];
  if (migration === undefined) throw new Error('migration 0031 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent

  const { rows: cells } = await sql<{ key: string }>`
    SELECT DISTINCT ROW(pipeline_id, rollup, owner_id, source)::text AS key
    FROM ${sql.id(schema, 'won_hist_total')} WHERE measure IN ('amount', 'cycle') AND n <> 0
    ORDER BY 1
  `.execute(tdb.db);
  const keys = async () =>
    (
      await sql<{ key: string }>`
        SELECT ROW(pipeline_id, rollup, owner_id, source)::text AS key FROM ${table} ORDER BY 1
      `.execute(tdb.db)
    ).rows;
  expect(cells.length).toBeGreaterThan(8);
  expect(await keys()).toEqual(cells);
  expect(await staleWonStats(tdb.db, version)).toBe(cells.length);

  expect(await refreshWonStats(tdb.db, version, 10_000)).toBe(cells.length);
  const { rows } = await sql<{
    pipeline_id: string;
    rollup: number;
    owner_id: string;
    source: string;
    stats: WonStats;
  }>`
    SELECT pipeline_id, rollup, owner_id, source, stats FROM ${table} WHERE NOT stale
  `.execute(tdb.db);
  expect(rows).toHaveLength(cells.length);
  for (const row of rows) {
    const scope = metricScope(keptCellFilters(row), Date.now());
    expect(row.stats).toEqual(await wonStats(tdb.db, schema, scope));
  }
  // A write to the migrated table marks its cells again (the key the writes use is in place).
  const { rows: indexes } = await sql<{ name: string }>`
    SELECT indexname AS name FROM pg_indexes WHERE schemaname = ${schema} AND tablename = ${WON_STATS_TOTAL}
    ORDER BY 1
  `.execute(tdb.db);
  expect(indexes.map((i) => i.name)).toEqual([
    `${WON_STATS_TOTAL}_pkey`,
    `${WON_STATS_TOTAL}_stale`,
  ]);
});
