import { migrations } from '@dealflow/db';
import { defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { DEAL_BUCKET_INDEXES } from './deal-bucket-indexes.js';
import { querySummary } from './query-summary.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_deal_bucket_migration');
});
afterAll(() => tdb?.drop());

it('gives a version written before them the amount-bucket indexes, every answer unchanged', async () => {
  const { version, schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 29,
    start: '2025-02-08T00:00:00.000Z',
    spanDays: 70,
    pipelines: [defaultPipeline],
  });
  const now = Date.parse('2025-06-01T00:00:00.000Z');
  const windows = [
    { from: new Date('2025-03-01T00:00:00.000Z'), to: new Date('2025-03-31T00:00:00.000Z') },
    {
      window: 'activity' as const,
      from: new Date('2025-03-10T00:00:00.000Z'),
      to: new Date('2025-04-10T00:00:00.000Z'),
    },
  ];
  const answers = () =>
    Promise.all(windows.map((w) => querySummary(tdb.db, version, defaultPipeline, w, now)));
  const before = await answers();
  expect(before.some((a) => Object.values(a.averageDealSize).some((d) => d.median !== null))).toBe(
    true,
  );
  // The shape before: the function of 0032 but no index keyed by it on the amounts.
  for (const name of Object.values(DEAL_BUCKET_INDEXES)) {
    await sql`DROP INDEX ${sql.id(schema, name)}`.execute(tdb.db);
  }
  const indexes = async () =>
    (
      await sql<{ name: string; def: string }>`
        SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE schemaname = ${schema} AND indexname LIKE 'metric_events_won_amount_bucket_%'
        ORDER BY 1
      `.execute(tdb.db)
    ).rows;
  expect(await indexes()).toEqual([]);

  const migration = migrations['0033_amount_bucket_indexes'];
  if (migration === undefined) throw new Error('migration 0033 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent

  const found = await indexes();
  expect(found.map((i) => i.name)).toEqual([
    DEAL_BUCKET_INDEXES.created,
    DEAL_BUCKET_INDEXES.occurred,
  ]);
  for (const { def } of found) {
    expect(def).toContain(`(pipeline_id, currency, ${schema}.value_bucket(abs(won_amount))`);
  }
  expect(await answers()).toEqual(before);
});
