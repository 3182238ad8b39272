import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import { createTestDatabase, generateHistory, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';
import { WON_HISTOGRAM_TABLES } from './won-histogram-ddl.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_hist_migration');
});
afterAll(() => tdb?.drop());

async function rowsOf(schema: string, table: string): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.id(schema, table)} AS t ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

it('fills the histograms of a version written before they existed, as the writes would have', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const schema = readModelSchemaName(version);
  const events = generateHistory({
    leads: 300,
    seed: 5,
    start: '2025-02-01T00:00:00.000Z',
    spanDays: 15,
    pipelines: [defaultPipeline, b2cPipeline],
  });
  await applyFunnelBatch(
    tdb.db,
    version,
    foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events }),
  );
  const written = new Map<string, string[]>();
  for (const { name } of WON_HISTOGRAM_TABLES) {
    written.set(name, await rowsOf(schema, name));
    expect(written.get(name)?.length).toBeGreaterThan(0);
  }
  // The shape before: no histograms, no bucket indexes.
  for (const { name } of WON_HISTOGRAM_TABLES) {
    await sql`DROP TABLE ${sql.id(schema, name)}`.execute(tdb.db);
  }
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_won_amount')}`.execute(tdb.db);
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_won_cycle')}`.execute(tdb.db);

  const migration = migrations['0009_won_histograms'];
  if (migration === undefined) throw new Error('migration 0009 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent

  for (const { name } of WON_HISTOGRAM_TABLES) {
    expect(await rowsOf(schema, name)).toEqual(written.get(name));
  }
  const { rows } = await sql<{ indexname: string }>`
    SELECT indexname FROM pg_indexes WHERE schemaname = ${schema} AND indexname LIKE 'metric_events_won_%'
    ORDER BY 1
  `.execute(tdb.db);
  expect(rows.map((r) => r.indexname)).toEqual([
    'metric_events_won_amount',
    'metric_events_won_cover',
    'metric_events_won_cycle',
  ]);
});
