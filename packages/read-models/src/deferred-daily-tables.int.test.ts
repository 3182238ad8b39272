import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { createTestDatabase, generateHistory, type TestDatabase } from '@dealflow/testkit';
import { sql, type QueryExecutorProvider } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeferredDailyTables,
  dailyTablesPending,
  deferDailyTables,
} from './deferred-daily-tables.js';
import { applyFunnelBatch } from './funnel/apply.js';
import { foldFunnel } from './funnel/fold.js';
import { applyLeadListBatch } from './lead-list/apply-lead-list.js';
import { clusterColumns } from './metrics/cell-grain.js';
import { cellKeyColumns, METRIC_CELL_TABLES } from './metrics/metric-ddl.js';
import { SERIES_TABLES, seriesKey } from './metrics/series-cells.js';
import { ACTIVITY_HOURLY } from './metrics/activity-hourly.js';
import { WON_HOURLY_HISTOGRAM } from './metrics/won-histogram-hourly.js';
import { WON_FINE_MONTHLY } from './metrics/fine-monthly.js';
import { WON_STATS_TOTAL } from './metrics/won-stats-total-ddl.js';
import {
  WON_FINE_HISTOGRAM,
  WON_HISTOGRAM_TABLES,
  wonHistogramKey,
} from './metrics/won-histogram-ddl.js';
import { readModelDdl, readModelSchemaName, type Lead } from './read-model-schema.js';
import { beginBuild, ensureLiveVersion } from './versions.js';

/** These chunks write to versions being built, as a rebuild's do. */
const DEFERRABLE = { deferrable: true };

const pipelines = loadPipelines();
let tdb: TestDatabase;
let deferred: number;

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_deferred');
  await ensureLiveVersion(tdb.db);
  ({ version: deferred } = await beginBuild(tdb.db, {
    source: 'kafka',
    prepare: (trx, v) => deferDailyTables(trx, v),
  }));
});
afterAll(() => tdb.drop());

/** Folds `events` into `version` in chunks, each chunk in one transaction like the projector. */
async function project(version: number, events: readonly LeadEvent[]) {
  for (let from = 0; from < events.length; from += 400) {
    const chunk = events.slice(from, from + 400);
    await tdb.db.transaction().execute(async (trx) => {
      const leads = await stored(trx, version);
      const folded = foldFunnel({ pipelines, leads, events: chunk });
      await applyFunnelBatch(trx, version, folded, DEFERRABLE);
      await applyLeadListBatch(trx, version, { stored: leads, events: chunk, folded }, DEFERRABLE);
    });
  }
}

async function stored(db: QueryExecutorProvider, version: number): Promise<Map<string, Lead>> {
  const { rows } = await sql<Lead>`
    SELECT lead_id, pipeline_id, owner_id, source, created_at, cohort_day::text AS cohort_day,
      stage, open_stage, furthest_position, status, currency, amount, stage_entered_at,
      closed_at, reason, version, last_occurred_at
    FROM ${sql.id(readModelSchemaName(version), 'leads')}
  `.execute(db);
  return new Map(rows.map((r) => [r.lead_id, r]));
}

/** Every non-zero row of a table, in a stable order, as text. */
async function rowsOf(version: number, table: string): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.id(readModelSchemaName(version), table)} AS t ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

/**
 * How many of a table's rows follow, in the heap, a row with a greater `keys` (counted within
 * each pipeline and rollup, which the summed rollups are written after), of how many rows. A
 * table written in that order has next to none: only rows that the free space map put into
 * room left on an earlier page.
 */
async function heapInversions(version: number, table: string, keys: readonly string[]) {
  const key = sql.raw(`ROW(${keys.join(', ')})`);
  const { rows } = await sql<{ inversions: number; n: number }>`
    SELECT count(*) FILTER (WHERE prev > cur)::int AS inversions, count(*)::int AS n FROM (
      SELECT ${key} AS cur, lag(${key}) OVER (PARTITION BY pipeline_id, rollup ORDER BY ctid) AS prev
      FROM ${sql.id(readModelSchemaName(version), table)}
    ) AS heap
  `.execute(tdb.db);
  return rows[0] ?? { inversions: 0, n: 0 };
}

/** Every primary key of a version's tables: table, name and definition. */
async function primaryKeys(version: number): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS key
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE k.contype = 'p' AND k.connamespace = ${readModelSchemaName(version)}::regnamespace
    ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.key);
}

const history = generateHistory({
  leads: 300,
  seed: 42,
  start: '2025-02-01T00:00:00.000Z',
  spanDays: 20,
  pipelines: [defaultPipeline, b2cPipeline],
});
const half = Math.floor(history.length / 2);

describe('deferred daily tables', () => {
  it('stay empty while deferred, and once built equal what per-chunk upserts wrote', async () => {
    await project(1, history.slice(0, half));
    await project(deferred, history.slice(0, half));
    expect(await dailyTablesPending(tdb.db, deferred)).toBe(true);
    expect(await rowsOf(deferred, 'metric_cross_daily')).toEqual([]);
    expect(await rowsOf(deferred, 'series_cross_daily')).toEqual([]);
    expect(await rowsOf(deferred, 'funnel_daily')).toEqual([]);
    expect(await rowsOf(deferred, 'lead_words')).toEqual([]);
    expect(await rowsOf(deferred, 'lead_cards')).toEqual(await rowsOf(1, 'lead_cards'));
    expect(await rowsOf(deferred, 'leads')).toEqual(await rowsOf(1, 'leads'));
    expect(await rowsOf(deferred, 'metric_events')).toEqual(await rowsOf(1, 'metric_events'));

    const keysBefore = await primaryKeys(deferred);
    // Parts committed by a build that failed before dropping the flag: filled again, not added to.
    const partTables = [
      'won_hist_total',
      WON_FINE_HISTOGRAM,
      WON_HOURLY_HISTOGRAM,
      WON_FINE_MONTHLY,
      ACTIVITY_HOURLY,
      WON_STATS_TOTAL,
    ];
    for (const table of [...partTables, 'lead_words']) {
      await sql`
        INSERT INTO ${sql.id(readModelSchemaName(deferred), table)}
        SELECT * FROM ${sql.id(readModelSchemaName(1), table)}
      `.execute(tdb.db);
    }
    expect(await rowsOf(deferred, 'won_hist_total')).not.toEqual([]);
    const heard: [number, number][] = [];
    const onPart = (built: number, parts: number) => heard.push([built, parts]);
    expect(await buildDeferredDailyTables(tdb.db, deferred, onPart)).toBe(true);
    expect(await dailyTablesPending(tdb.db, deferred)).toBe(false);
    // Progress: none built, then each part once, up to all of them.
    const parts = heard[0]?.[1] ?? 0;
    expect(parts).toBeGreaterThanOrEqual(2);
    expect(heard).toEqual(Array.from({ length: parts + 1 }, (_, i) => [i, parts]));
    // Filled without their keys, the tables have them back exactly.
    expect(await primaryKeys(deferred)).toEqual(keysBefore);
    expect(keysBefore.length).toBeGreaterThanOrEqual(METRIC_CELL_TABLES.length);
    expect(await buildDeferredDailyTables(tdb.db, deferred, onPart)).toBe(false);
    expect(heard).toHaveLength(parts + 1);
    const words = await rowsOf(1, 'lead_words');
    expect(words.length).toBeGreaterThan(0);
    expect(await rowsOf(deferred, 'lead_words')).toEqual(words);
    // Every all-time cell with won deals waits for the refresher as a stale row, and no other.
    const schema = sql.id(readModelSchemaName(deferred));
    const { rows: kept } = await sql<{ key: string; stale: boolean }>`
      SELECT ROW(pipeline_id, rollup, owner_id, source)::text AS key, stale
      FROM ${schema}.${sql.id(WON_STATS_TOTAL)} ORDER BY 1
    `.execute(tdb.db);
    const { rows: cells } = await sql<{ key: string }>`
      SELECT DISTINCT ROW(pipeline_id, rollup, owner_id, source)::text AS key
      FROM ${schema}.won_hist_total WHERE measure IN ('amount', 'cycle') AND n <> 0 ORDER BY 1
    `.execute(tdb.db);
    expect(cells.length).toBeGreaterThan(4);
    expect(kept).toEqual(cells.map(({ key }) => ({ key, stale: true })));
    // Each cell table lies in the heap in the order of its days: a range reads adjacent pages.
    const cellTables = [
      ...METRIC_CELL_TABLES.map((t) => [t.name, clusterColumns(cellKeyColumns(t))] as const),
      ...WON_HISTOGRAM_TABLES.map((t) => [t.name, clusterColumns(wonHistogramKey(t))] as const),
      ...SERIES_TABLES.map((t) => [t.name, clusterColumns(seriesKey(t))] as const),
    ];
    for (const [name, keys] of cellTables) {
      const { inversions, n } = await heapInversions(deferred, name, keys);
      expect(n, name).toBeGreaterThan(100);
      expect(inversions, name).toBeLessThanOrEqual(n / 50);
    }
    // The version goes live with planner statistics for every table the build filled.
    const analysed = await sql<{ table: string }>`
      SELECT DISTINCT tablename AS table FROM pg_stats WHERE schemaname = ${readModelSchemaName(deferred)}
    `.execute(tdb.db);
    const withStats = new Set(analysed.rows.map((r) => r.table));
    for (const name of [
      ...cellTables.map(([t]) => t),
      'lead_words',
      WON_FINE_HISTOGRAM,
      WON_STATS_TOTAL,
    ]) {
      expect(withStats.has(name), `${name} analysed`).toBe(true);
    }

    // After the build, chunks add their daily deltas (and words) again.
    await project(1, history.slice(half));
    await project(deferred, history.slice(half));
    for (const { name } of METRIC_CELL_TABLES) {
      const nonZero = (r: string) => !/^\(.*(,0){12}\)$/.test(r);
      const expected = (await rowsOf(1, name)).filter(nonZero);
      expect(expected.length).toBeGreaterThan(0);
      expect((await rowsOf(deferred, name)).filter(nonZero)).toEqual(expected);
    }
    for (const { name } of SERIES_TABLES) {
      const nonZero = (r: string) => !/^\(.*(,0){5}\)$/.test(r);
      const expected = (await rowsOf(1, name)).filter(nonZero);
      expect(expected.length).toBeGreaterThan(0);
      expect((await rowsOf(deferred, name)).filter(nonZero)).toEqual(expected);
    }
    const histogramNonZero = (r: string) => !/,0,0\)$/.test(r);
    for (const { name } of WON_HISTOGRAM_TABLES) {
      const expected = (await rowsOf(1, name)).filter(histogramNonZero);
      expect(expected.some((r) => r.includes(',cycle,'))).toBe(true);
      expect((await rowsOf(deferred, name)).filter(histogramNonZero)).toEqual(expected);
    }
    const fineNonZero = (r: string) => !/,0\)$/.test(r);
    const fine = (await rowsOf(1, WON_FINE_HISTOGRAM)).filter(fineNonZero);
    expect(fine.some((r) => r.includes(',visit:'))).toBe(true);
    expect(fine.some((r) => r.includes(',cycle,'))).toBe(true);
    expect((await rowsOf(deferred, WON_FINE_HISTOGRAM)).filter(fineNonZero)).toEqual(fine);
    const fineMonthly = (await rowsOf(1, WON_FINE_MONTHLY)).filter(fineNonZero);
    expect(fineMonthly.some((r) => r.includes('visit:'))).toBe(true);
    expect(fineMonthly.some((r) => r.includes(',amount,'))).toBe(true);
    expect((await rowsOf(deferred, WON_FINE_MONTHLY)).filter(fineNonZero)).toEqual(fineMonthly);
    const hourlyHistogram = (await rowsOf(1, WON_HOURLY_HISTOGRAM)).filter(histogramNonZero);
    expect(hourlyHistogram.some((r) => r.includes(',visit:'))).toBe(true);
    expect(hourlyHistogram.some((r) => r.includes(',amount,'))).toBe(true);
    expect((await rowsOf(deferred, WON_HOURLY_HISTOGRAM)).filter(histogramNonZero)).toEqual(
      hourlyHistogram,
    );
    const hourlyNonZero = (r: string) => !/(,0){12}\)$/.test(r);
    const hourly = (await rowsOf(1, ACTIVITY_HOURLY)).filter(hourlyNonZero);
    expect(hourly.length).toBeGreaterThan(100);
    expect((await rowsOf(deferred, ACTIVITY_HOURLY)).filter(hourlyNonZero)).toEqual(hourly);
    // A key whose deltas came back to zero (a close and its reopening) may keep a zero row.
    const live = (r: string) => !/(,0){4}\)$/.test(r);
    const funnel = (await rowsOf(1, 'funnel_daily')).filter(live);
    expect(funnel.some((r) => r.includes(',won,'))).toBe(true);
    expect(funnel.some((r) => r.includes(',lost,'))).toBe(true);
    expect((await rowsOf(deferred, 'funnel_daily')).filter(live)).toEqual(funnel);
    expect(await rowsOf(deferred, 'lead_words')).toEqual(await rowsOf(1, 'lead_words'));
    expect(await rowsOf(deferred, 'lead_cards')).toEqual(await rowsOf(1, 'lead_cards'));
  });

  it('waits for a chunk that saw the flag, so its rows are summed too', async () => {
    const version = deferred + 1;
    for (const statement of readModelDdl(version)) await sql.raw(statement).execute(tdb.db);
    await deferDailyTables(tdb.db, version);
    const events = history.slice(0, 200);
    let built: Promise<boolean> | undefined;
    let settled = false;
    await tdb.db.transaction().execute(async (trx) => {
      await applyFunnelBatch(
        trx,
        version,
        foldFunnel({ pipelines, leads: new Map(), events }),
        DEFERRABLE,
      );
      built = buildDeferredDailyTables(tdb.db, version);
      void built.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
    });
    expect(await built).toBe(true);
    const { rows } = await sql<{ n: number }>`
      SELECT coalesce(sum(created), 0)::int AS n
      FROM ${sql.id(readModelSchemaName(version), 'metric_cohort_daily')} WHERE rollup = 3
    `.execute(tdb.db);
    expect(rows[0]?.n).toBe(events.filter((e) => e.type === 'LeadCreated').length);
  });

  it('lets a chunk that started before the build, and asks after it, add its own deltas', async () => {
    const version = deferred + 2;
    for (const statement of readModelDdl(version)) await sql.raw(statement).execute(tdb.db);
    await deferDailyTables(tdb.db, version);
    const [first, second] = [history.slice(0, 100), history.slice(100, 200)];
    await tdb.db.connection().execute(async (conn) => {
      // This connection has seen the flag (and may cache it) before the build drops it.
      await conn.transaction().execute(async (trx) => {
        await applyFunnelBatch(
          trx,
          version,
          foldFunnel({ pipelines, leads: new Map(), events: first }),
          DEFERRABLE,
        );
      });
      await conn.transaction().execute(async (trx) => {
        // Like a chunk: its leads are read (the relations it writes are locked from here on),
        // then the build commits while it folds, then it writes.
        const leads = await stored(trx, version);
        expect(await buildDeferredDailyTables(tdb.db, version)).toBe(true);
        await applyFunnelBatch(
          trx,
          version,
          foldFunnel({ pipelines, leads, events: second }),
          DEFERRABLE,
        );
      });
    });
    const { rows } = await sql<{ n: number }>`
      SELECT coalesce(sum(created), 0)::int AS n
      FROM ${sql.id(readModelSchemaName(version), 'metric_cohort_daily')} WHERE rollup = 3
    `.execute(tdb.db);
    const created = history.slice(0, 200).filter((e) => e.type === 'LeadCreated').length;
    expect(rows[0]?.n).toBe(created);
  });
});
