import { migrations } from '@dealflow/db';
import { defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { queryStageDurations } from './query-stage-durations.js';
import { VALUE_BUCKET_FUNCTION, VISIT_BUCKET_INDEXES } from './visit-bucket-indexes.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_visit_bucket_migration');
});
afterAll(() => tdb?.drop());

it('gives a version written before them the bucket function and the visit-bucket indexes', async () => {
  const { version, schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 23,
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
    Promise.all(windows.map((w) => queryStageDurations(tdb.db, version, defaultPipeline, w, now)));
  const before = await answers();
  expect(before.flatMap((a) => a.stages).some((s) => s.completedVisits > 0)).toBe(true);
  // The shape before: no bucket function, so none of the indexes keyed by it.
  await sql`DROP FUNCTION ${sql.id(schema, VALUE_BUCKET_FUNCTION)} CASCADE`.execute(tdb.db);
  const indexes = async () =>
    (
      await sql<{ name: string; def: string }>`
        SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE schemaname = ${schema} AND indexname LIKE 'metric_events_visit_bucket_%'
        ORDER BY 1
      `.execute(tdb.db)
    ).rows;
  expect(await indexes()).toEqual([]);

  const migration = migrations['0032_visit_bucket_indexes'];
  if (migration === undefined) throw new Error('migration 0032 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent

  const found = await indexes();
  expect(found.map((i) => i.name)).toEqual([
    VISIT_BUCKET_INDEXES.created,
    VISIT_BUCKET_INDEXES.occurred,
  ]);
  for (const { def } of found) {
    expect(def).toContain(`(pipeline_id, stage, ${schema}.value_bucket(visit_ms)`);
  }
  expect(await answers()).toEqual(before);
});
