import type { Database } from '@dealflow/db';
import { b2cPipeline, defaultPipeline, loadPipelines, type Pipeline } from '@dealflow/domain';
import { createTestDatabase, generateHistory, waitFor, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';
import { metricScope, type MetricFilters } from './metric-scope.js';
import { querySummary } from './query-summary.js';
import { wonStats, type WonStats } from './won-percentiles.js';
import {
  keptCellFilters,
  refreshWonStats,
  staleWonStats,
  wonStatsKeys,
} from './won-stats-total.js';
import { WON_STATS_TOTAL } from './won-stats-total-ddl.js';

let tdb: TestDatabase;
let version: number;
let schema: string;
const pipelines = loadPipelines();
const NOW = Date.UTC(2026, 5, 1);

const events = generateHistory({
  leads: 400,
  seed: 31,
  start: '2026-01-05T00:00:00Z',
  spanDays: 60,
  pipelines: [defaultPipeline, b2cPipeline],
});
const cut = Math.floor(events.length * 0.6);
const first = foldFunnel({ pipelines, leads: new Map(), events: events.slice(0, cut) });
const second = foldFunnel({
  pipelines,
  leads: new Map(first.leads.map((l) => [l.lead_id, l])),
  events: events.slice(cut),
});

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_won_stats_total');
  version = await ensureLiveVersion(tdb.db);
  schema = readModelSchemaName(version);
});
afterAll(() => tdb?.drop());

interface KeptRow {
  pipeline_id: string;
  rollup: number;
  owner_id: string;
  source: string;
  stale: boolean;
  stats: WonStats | null;
}

async function keptRows(): Promise<KeptRow[]> {
  const { rows } = await sql<KeptRow>`
    SELECT pipeline_id, rollup, owner_id, source, stale, stats
    FROM ${sql.id(schema, WON_STATS_TOTAL)} ORDER BY 1, 2, 3, 4
  `.execute(tdb.db);
  return rows;
}

/** Every kept row is current and holds what `wonStats` computes for its cell now. */
async function expectKeptAsComputed(): Promise<number> {
  const rows = await keptRows();
  for (const row of rows) {
    expect(row.stale).toBe(false);
    const computed = await wonStats(tdb.db, schema, metricScope(keptCellFilters(row), NOW));
    expect(row.stats, JSON.stringify(keptCellFilters(row))).toEqual(computed);
  }
  return rows.length;
}

/** Summaries of a spread of all-time scopes of both pipelines. */
async function summaries() {
  const scopes: [Pipeline, MetricFilters][] = [
    [defaultPipeline, {}],
    [b2cPipeline, {}],
    [defaultPipeline, { ownerId: 'owner-1' }],
    [defaultPipeline, { source: 'web' }],
    [defaultPipeline, { ownerId: 'owner-2', source: 'referral' }],
  ];
  return Promise.all(scopes.map(([p, f]) => querySummary(tdb.db, version, p, f, NOW)));
}

it('marks the cells a batch changes stale, and keeps them as computed once refreshed, wins taken back included', async () => {
  await applyFunnelBatch(tdb.db, version, first);
  const marked = await keptRows();
  // A row for every all-time cell with won deals (four rollups of each deal's owner × source).
  expect(marked.map((r) => [r.pipeline_id, r.rollup, r.owner_id, r.source])).toEqual(
    wonStatsKeys(first.metricEvents),
  );
  expect(marked.every((r) => r.stale && r.stats === null)).toBe(true);
  const computedFirst = await summaries();

  expect(await refreshWonStats(tdb.db, version, 5)).toBe(5);
  expect(await staleWonStats(tdb.db, version)).toBe(marked.length - 5);
  expect(await refreshWonStats(tdb.db, version, 10_000)).toBe(marked.length - 5);
  expect(await expectKeptAsComputed()).toBe(marked.length);
  expect(await summaries()).toEqual(computedFirst);

  // The rest of the history moves leads back, reopens wins and changes amounts: negative deltas.
  expect(second.metricEvents.some((r) => r.won < 0)).toBe(true);
  await applyFunnelBatch(tdb.db, version, second);
  const touched = wonStatsKeys(second.metricEvents);
  const stale = (await keptRows()).filter((r) => r.stale);
  expect(stale.map((r) => [r.pipeline_id, r.rollup, r.owner_id, r.source])).toEqual(touched);
  const computedSecond = await summaries();
  expect(computedSecond).not.toEqual(computedFirst);

  expect(await refreshWonStats(tdb.db, version, 10_000)).toBe(touched.length);
  await expectKeptAsComputed();
  expect(await summaries()).toEqual(computedSecond);
});

it('answers an all-time summary from the kept row, and a bounded one without it', async () => {
  const rolledBack = new Error('rolled back');
  const inTransaction = tdb.db.transaction().execute(async (trx) => {
    // A kept median no computation gives: only a read of the row answers it.
    await sql`
      UPDATE ${sql.id(schema, WON_STATS_TOTAL)}
      SET stats = jsonb_set(stats, '{cycle,median}', '12345.5')
      WHERE pipeline_id = 'default' AND rollup = 3
    `.execute(trx);
    const kept = await querySummary<Database>(trx, version, defaultPipeline, {}, NOW);
    expect(kept.salesCycleDays.median).toBe(12345.5);
    const bounded = await querySummary<Database>(
      trx,
      version,
      defaultPipeline,
      { from: new Date('2025-01-01T00:00:00Z') },
      NOW,
    );
    expect(bounded.salesCycleDays.median).not.toBe(12345.5);
    throw rolledBack;
  });
  await expect(inTransaction).rejects.toBe(rolledBack);
  expect((await keptRows()).every((r) => !r.stale)).toBe(true);
  expect(
    (await querySummary(tdb.db, version, defaultPipeline, {}, NOW)).salesCycleDays.median,
  ).not.toBe(12345.5);
});

it('makes a write to a cell wait for the refresh of its row in flight, then marks it stale again', async () => {
  const more = foldFunnel({
    pipelines,
    leads: new Map([...first.leads, ...second.leads].map((l) => [l.lead_id, l])),
    events: generateHistory({
      leads: 40,
      seed: 32,
      start: '2026-03-20T00:00:00Z',
      pipelines: [defaultPipeline],
    }),
  });
  expect(wonStatsKeys(more.metricEvents).length).toBeGreaterThan(0);
  const table = sql.id(schema, WON_STATS_TOTAL);
  await tdb.db.connection().execute(async (refresh) => {
    await sql`BEGIN`.execute(refresh);
    // What a refresh holds while it computes the (all owners, all sources) cell.
    await sql`
      SELECT 1 FROM ${table} WHERE pipeline_id = 'default' AND rollup = 3 FOR UPDATE
    `.execute(refresh);
    const write = applyFunnelBatch(tdb.db, version, more);
    await waitFor(
      async () => {
        const { rows } = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
        `.execute(refresh);
        return (rows[0]?.n ?? 0) > 0;
      },
      { message: 'the write waiting for the row lock', timeoutMs: 10_000 },
    );
    await sql`
      UPDATE ${table} SET stale = false WHERE pipeline_id = 'default' AND rollup = 3
    `.execute(refresh);
    await sql`COMMIT`.execute(refresh);
    await write;
  });
  const { rows } = await sql<{ stale: boolean }>`
    SELECT stale FROM ${table} WHERE pipeline_id = 'default' AND rollup = 3
  `.execute(tdb.db);
  expect(rows).toEqual([{ stale: true }]);
  await refreshWonStats(tdb.db, version, 10_000);
  await expectKeptAsComputed();
});
