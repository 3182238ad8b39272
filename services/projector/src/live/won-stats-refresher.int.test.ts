import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import {
  applyFunnelBatch,
  ensureLiveVersion,
  foldFunnel,
  querySummary,
  staleWonStats,
} from '@dealflow/read-models';
import { createLogger } from '@dealflow/runtime';
import { createTestDatabase, generateHistory, waitFor, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WonStatsRefresher } from './won-stats-refresher.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('projector_won_stats');
});
afterAll(() => tdb?.drop());

const pipelines = loadPipelines();
const NOW = Date.UTC(2026, 5, 1);

it('brings the kept statistics of the live version up to date after each write, off the write path', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const events = generateHistory({
    leads: 300,
    seed: 41,
    start: '2026-01-05T00:00:00Z',
    pipelines: [defaultPipeline, b2cPipeline],
  });
  const half = Math.floor(events.length / 2);
  const first = foldFunnel({ pipelines, leads: new Map(), events: events.slice(0, half) });
  await applyFunnelBatch(tdb.db, version, first);
  const marked = await staleWonStats(tdb.db, version);
  expect(marked).toBeGreaterThan(8);
  const summary = () => querySummary(tdb.db, version, defaultPipeline, {}, NOW);
  const computed = await summary();

  // Batches of 5 rows: the loop runs full rounds back to back until none is left.
  const refresher = new WonStatsRefresher({
    db: tdb.db,
    logger: createLogger({ name: 'test', level: 'silent' }),
    intervalMs: 20,
    batchSize: 5,
  });
  refresher.start();
  try {
    // The count grows when a round returns, after its rows' commits: wait for both.
    await waitFor(
      async () => (await staleWonStats(tdb.db, version)) === 0 && refresher.refreshed >= marked,
      { message: 'every kept row refreshed' },
    );
    expect(refresher.refreshed).toBe(marked);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM rm_v1.won_stats_total WHERE NOT stale AND stats IS NOT NULL
    `.execute(tdb.db);
    expect(rows[0]?.n).toBe(marked);
    expect(await summary()).toEqual(computed);

    const second = foldFunnel({
      pipelines,
      leads: new Map(first.leads.map((l) => [l.lead_id, l])),
      events: events.slice(half),
    });
    await applyFunnelBatch(tdb.db, version, second);
    expect(await staleWonStats(tdb.db, version)).toBeGreaterThan(0);
    const after = await summary();
    await waitFor(
      async () => (await staleWonStats(tdb.db, version)) === 0 && refresher.refreshed > marked,
      { message: 'the cells of the second write refreshed' },
    );
    expect(refresher.refreshed).toBeGreaterThan(marked);
    expect(await summary()).toEqual(after);
  } finally {
    await refresher.stop();
  }
});
