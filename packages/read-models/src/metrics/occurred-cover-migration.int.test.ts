import { migrations } from '@dealflow/db';
import { defaultPipeline, loadPipelines } from '@dealflow/domain';
import { createTestDatabase, generateHistory, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_cover_migration');
});
afterAll(() => tdb?.drop());

const coverDef = async (schema: string) => {
  const { rows } = await sql<{ def: string }>`
    SELECT indexdef AS def FROM pg_indexes
    WHERE schemaname = ${schema} AND indexname = 'metric_events_occurred_cover'
  `.execute(tdb.db);
  return rows[0]?.def;
};

/** The plan of an `asOf`'s partial day of visits, with the index as the only way in. */
const partialDayOfVisits = async (schema: string) =>
  tdb.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT stage, visit_ms FROM ${sql.id(schema, 'metric_events')}
      WHERE visit_ms IS NOT NULL AND stage IN ('qualify', 'demo') AND pipeline_id = 'default'
        AND occurred_at >= '2025-03-01' AND occurred_at < '2025-03-01T12:00:00Z'
    `.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });

it('gives the occurred-time covering index of an existing version the visits, index-only after', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const schema = readModelSchemaName(version);
  const events = generateHistory({
    leads: 200,
    seed: 11,
    start: '2025-02-20T00:00:00.000Z',
    spanDays: 20,
    pipelines: [defaultPipeline],
  });
  await applyFunnelBatch(
    tdb.db,
    version,
    foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events }),
  );
  const wanted = await coverDef(schema);
  if (wanted === undefined) throw new Error('no covering index by occurred time');
  expect(wanted).toContain('visit_ms');
  // The shape before: the index covers the counters, not the visits.
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_occurred_cover')}`.execute(tdb.db);
  await sql.raw(wanted.replace(', visit_ms)', ')')).execute(tdb.db);
  expect(await coverDef(schema)).not.toContain('visit_ms');
  expect(await partialDayOfVisits(schema)).not.toMatch(/Index Only Scan/);

  const migration = migrations['0022_visits_in_occurred_cover'];
  if (migration === undefined) throw new Error('migration 0022 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await coverDef(schema)).toBe(wanted);
  expect(await partialDayOfVisits(schema)).toMatch(
    /Index Only Scan using metric_events_occurred_cover/,
  );
});
