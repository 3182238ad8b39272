import { createDb, type DbHandle } from '@dealflow/db';
import { defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { querySummary } from './query-summary.js';

let tdb: TestDatabase;
let version: number;
let schema: string;
const NOW = Date.UTC(2026, 5, 1);

beforeAll(async () => {
  tdb = await createTestDatabase('rm_rollup_plans');
  // Many owners × sources: the all-time cells of rollup 0 outnumber those of rollup 3 by far,
  // as in a real sales organisation.
  ({ version, schema } = await projectHistory(tdb.db, {
    leads: 3000,
    seed: 5,
    start: '2026-01-05T00:00:00Z',
    spanDays: 90,
    owners: Array.from({ length: 40 }, (_, i) => `owner-${i}`),
    sources: Array.from({ length: 12 }, (_, i) => `source-${i}`),
  }));
  await sql`ANALYZE ${sql.id(schema, 'metric_total')}`.execute(tdb.db);
}, 120_000);
afterAll(() => tdb?.drop());

it('keeps a generic plan for the all-time counters of every rollup (planned once, not per call)', async () => {
  const { rows: cells } = await sql<{ rollup: number; n: number }>`
    SELECT rollup, count(*)::int AS n FROM ${sql.id(schema, 'metric_total')}
    WHERE pipeline_id = ${defaultPipeline.id} GROUP BY rollup ORDER BY rollup`.execute(tdb.db);
  // The skew that made a plan for an unknown rollup lose to one made for the value.
  expect(cells[0]?.n).toBeGreaterThan(10 * (cells[3]?.n ?? Infinity));
  // The query service's pool: each parameterised text a named prepared statement.
  const one: DbHandle = createDb({ url: tdb.url, max: 1, preparedStatements: 64 });
  try {
    for (const filters of [{}, { ownerId: 'owner-3', source: 'source-2' }]) {
      for (let i = 0; i < 10; i++) {
        await querySummary(one.db, version, defaultPipeline, filters, NOW);
      }
    }
    const { rows } = await sql<{ statement: string; generic: number; custom: number }>`
      SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom
      FROM pg_prepared_statements WHERE statement LIKE '%metric_total%'`.execute(one.db);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.statement).toMatch(/rollup = [03]\b/);
      // Postgres compares the generic plan with five custom ones, then keeps the cheaper kind.
      expect({ generic: row.generic, custom: row.custom }).toEqual({ generic: 5, custom: 5 });
    }
  } finally {
    await one.close();
  }
});
