import { migrations } from '@dealflow/db';
import { defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { VISIT_BUCKET_INDEXES } from './visit-bucket-indexes.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_cover_migration');
});
afterAll(() => tdb?.drop());

const indexDef = async (schema: string, name: string) => {
  const { rows } = await sql<{ def: string }>`
    SELECT indexdef AS def FROM pg_indexes WHERE schemaname = ${schema} AND indexname = ${name}
  `.execute(tdb.db);
  return rows[0]?.def;
};
const coverDef = (schema: string) => indexDef(schema, 'metric_events_occurred_cover');
const createdDef = (schema: string) => indexDef(schema, 'metric_events_created');

/** The plan of a partial day of visits by `column`, with the indexes as the only way in. */
const partialDayOfVisits = async (schema: string, column: 'occurred_at' | 'created_at') =>
  tdb.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT stage, visit_ms FROM ${sql.id(schema, 'metric_events')}
      WHERE visit_ms IS NOT NULL AND stage IN ('qualify', 'demo') AND pipeline_id = 'default'
        AND ${sql.ref(column)} >= '2025-03-01' AND ${sql.ref(column)} < '2025-03-01T12:00:00Z'
    `.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });

/** A live version holding a generated history's metric rows (loaded once for the file). */
let loaded: Promise<string> | undefined;
const versionWithHistory = () => (loaded ??= loadHistory());

async function loadHistory(): Promise<string> {
  const { schema } = await projectHistory(tdb.db, {
    leads: 200,
    seed: 11,
    start: '2025-02-20T00:00:00.000Z',
    spanDays: 20,
    pipelines: [defaultPipeline],
  });
  return schema;
}

it('gives the occurred-time covering index of an existing version the visits, index-only after', async () => {
  const schema = await versionWithHistory();
  const wanted = await coverDef(schema);
  if (wanted === undefined) throw new Error('no covering index by occurred time');
  expect(wanted).toContain('visit_ms');
  // The shape before: the index covers the counters, not the visits (and the visit-bucket
  // indexes, which cover them too, came later).
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_occurred_cover')}`.execute(tdb.db);
  for (const name of Object.values(VISIT_BUCKET_INDEXES)) {
    await sql`DROP INDEX ${sql.id(schema, name)}`.execute(tdb.db);
  }
  await sql.raw(wanted.replace(', visit_ms)', ')')).execute(tdb.db);
  expect(await coverDef(schema)).not.toContain('visit_ms');
  expect(await partialDayOfVisits(schema, 'occurred_at')).not.toMatch(/Index Only Scan/);

  const migration = migrations['0022_visits_in_occurred_cover'];
  if (migration === undefined) throw new Error('migration 0022 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await coverDef(schema)).toBe(wanted);
  expect(await partialDayOfVisits(schema, 'occurred_at')).toMatch(
    /Index Only Scan using metric_events_occurred_cover/,
  );
});

it('gives an existing version the visits by creation time, so a cohort edge reads its day', async () => {
  const schema = await versionWithHistory();
  const byCreated =
    /Index Only Scan using metric_events_visits_created on metric_events .*\n\s*Index Cond: \(\(pipeline_id = 'default'::text\) AND \(created_at >=/;
  expect(await partialDayOfVisits(schema, 'created_at')).toMatch(byCreated);
  // The shape before: the visits by stage and duration, the creation time a filter.
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_visits_created')}`.execute(tdb.db);
  expect(await partialDayOfVisits(schema, 'created_at')).not.toMatch(
    /metric_events_visits_created/,
  );

  const migration = migrations['0023_visits_by_created'];
  if (migration === undefined) throw new Error('migration 0023 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await partialDayOfVisits(schema, 'created_at')).toMatch(byCreated);
});

/** The plan of a cohort's created edge: every event of the leads created in part of a day. */
const createdEdge = async (schema: string) =>
  tdb.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT occurred_at, stage, currency, reason, created, won, won_amount, current
      FROM ${sql.id(schema, 'metric_events')}
      WHERE pipeline_id = 'default'
        AND created_at >= '2025-03-01T06:00:00Z' AND created_at < '2025-03-02'
    `.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });

it('gives the creation-time index of an existing version the counters, so a cohort edge reads index-only', async () => {
  const schema = await versionWithHistory();
  const wanted = await createdDef(schema);
  if (wanted === undefined) throw new Error('no index by creation time');
  expect(wanted).toMatch(/INCLUDE \(owner_id, source, occurred_at, .*visit_ms\)/);
  expect(await createdEdge(schema)).toMatch(/Index Only Scan using metric_events_created/);
  // The shape before: the key alone, every row's columns fetched from the heap.
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_created')}`.execute(tdb.db);
  await sql.raw(wanted.replace(/ INCLUDE \(.*\)$/, '')).execute(tdb.db);
  expect(await createdDef(schema)).not.toContain('INCLUDE');
  expect(await createdEdge(schema)).not.toMatch(/Index Only Scan using metric_events_created/);

  const migration = migrations['0027_created_cover'];
  if (migration === undefined) throw new Error('migration 0027 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await createdDef(schema)).toBe(wanted);
  expect(await createdEdge(schema)).toMatch(/Index Only Scan using metric_events_created/);
});
