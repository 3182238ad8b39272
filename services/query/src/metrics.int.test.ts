import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  applyFunnelBatch,
  refreshWonStats,
  clearReadModelNumbers,
  foldFunnel,
  type MetricFilters,
} from '@dealflow/read-models';
import {
  generateHistory,
  referenceMetricFunnel,
  referenceReasons,
  referenceStageDurations,
  referenceSummary,
  referenceTimeseries,
} from '@dealflow/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNear } from './testing/expect-near.js';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const pipelines = [defaultPipeline, b2cPipeline];
const START = Date.parse('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
let fixture: QueryFixture;

beforeAll(async () => {
  fixture = await startQueryFixture([]);
});
afterAll(async () => {
  await fixture?.close();
});

/** Replaces the live read models' content by `events`, folded and applied like the projector does. */
async function load(events: readonly LeadEvent[]): Promise<void> {
  await clearReadModelNumbers(fixture.tdb.db, fixture.version);
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events });
  expect(folded.outcomes.filter((o) => o.kind === 'parked')).toEqual([]);
  // Two batches, as a projector would see them, so deltas of one lead land in both.
  const half = Math.floor(events.length / 2);
  const first = foldFunnel({
    pipelines: loadPipelines(),
    leads: new Map(),
    events: events.slice(0, half),
  });
  await applyFunnelBatch(fixture.tdb.db, fixture.version, first);
  const stored = new Map(first.leads.map((l) => [l.lead_id, l]));
  await applyFunnelBatch(
    fixture.tdb.db,
    fixture.version,
    foldFunnel({ pipelines: loadPipelines(), leads: stored, events: events.slice(half) }),
  );
}

type Query = Record<string, string>;

function filtersOf(q: Query): MetricFilters {
  const date = (v: string | undefined) => (v === undefined ? undefined : new Date(v));
  return {
    pipelineId: q.pipelineId,
    ownerId: q.ownerId,
    source: q.source,
    from: date(q.from),
    to: date(q.to),
    window: q.window === 'activity' ? 'activity' : 'cohort',
    asOf: date(q.asOf),
  };
}

async function get<T>(url: string, query: Query): Promise<T> {
  const res = await fixture.app.inject({ method: 'GET', url, query });
  expect(res.statusCode, `${url} ${JSON.stringify(query)}: ${res.body}`).toBe(200);
  return res.json<T>();
}

/** Every endpoint against the reference for one query. */
async function checkAll(events: readonly LeadEvent[], q: Query): Promise<void> {
  const f = filtersOf(q);
  const mode = q.mode === 'touched' ? 'touched' : 'reached';
  expectNear(
    await get('/v1/funnel', q),
    referenceMetricFunnel(events, pipelines, { ...f, mode }),
    q,
  );
  const { mode: _m, ...metricQuery } = q;
  expectNear(
    await get('/v1/metrics/summary', metricQuery),
    referenceSummary(events, pipelines, f),
    q,
  );
  for (const outcome of ['won', 'lost'] as const) {
    const body = await get(`/v1/metrics/${outcome}-reasons`, metricQuery);
    expectNear(body, referenceReasons(events, pipelines, f, outcome), { outcome, ...q });
  }
  const durations = await get<{ asOf: string }>('/v1/metrics/stage-durations', metricQuery);
  expectNear(durations, referenceStageDurations(events, pipelines, f, new Date(durations.asOf)), q);
  for (const interval of ['day', 'week', 'month'] as const) {
    const body = await get('/v1/metrics/timeseries', { ...metricQuery, interval });
    expectNear(body, referenceTimeseries(events, pipelines, f, interval), { interval, ...q });
  }
}

const instant = fc
  .integer({ min: START - 40 * DAY, max: START + 100 * DAY })
  .map((ms) => new Date(ms).toISOString());
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** Random filters: any combination of dimensions, window, bounds, asOf and mode. */
const queryArbitrary = fc
  .record({
    pipelineId: maybe(fc.constantFrom('default', 'b2c')),
    ownerId: maybe(fc.constantFrom('owner-1', 'owner-2', 'nobody')),
    source: maybe(fc.constantFrom('web', 'referral', 'event')),
    window: maybe(fc.constantFrom('cohort', 'activity')),
    mode: maybe(fc.constantFrom('reached', 'touched')),
    from: maybe(instant),
    to: maybe(instant),
    asOf: maybe(instant),
    bounds: fc.constantFrom('instant', 'midnight', 'month'),
  })
  .map(({ bounds, ...q }) => {
    const out: Query = {};
    for (const [k, v] of Object.entries(q)) {
      if (v === undefined) continue;
      // Month bounds read monthly cells alone, midnight ones daily cells too, instants the
      // partial days as well.
      const cut = bounds === 'month' ? `${v.slice(0, 8)}01` : v.slice(0, 10);
      out[k] = bounds !== 'instant' && (k === 'from' || k === 'to') ? `${cut}T00:00:00.000Z` : v;
    }
    if (out.from !== undefined && out.to !== undefined && out.from >= out.to) delete out.to;
    return out;
  });

describe('metrics endpoints against the reference fold', () => {
  it('agree for random histories and random filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer(),
          leads: fc.integer({ min: 0, max: 40 }),
          spanDays: fc.integer({ min: 1, max: 75 }),
        }),
        fc.array(queryArbitrary, { minLength: 3, maxLength: 5 }),
        fc.boolean(),
        async (history, queries, kept) => {
          const events = generateHistory({
            ...history,
            start: new Date(START),
            pipelines,
            duplicateShare: 0.1,
          });
          await load(events);
          // All-time summaries then read the kept statistics, as after the projector's refresher.
          if (kept) await refreshWonStats(fixture.tdb.db, fixture.version, 10_000);
          for (const q of [...queries, ...(kept ? [{}, { ownerId: 'owner-1' }] : [])]) {
            await checkAll(events, q);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('agree on a larger history at day edges, as of instants, with backdated imports', async () => {
    const events = generateHistory({
      leads: 400,
      seed: 42,
      start: new Date(START),
      spanDays: 21,
      pipelines,
      duplicateShare: 0.05,
    });
    await load(events);
    const queries: Query[] = [
      {},
      { mode: 'touched' },
      {
        pipelineId: 'b2c',
        window: 'activity',
        from: '2025-03-05T00:00:00.000Z',
        to: '2025-03-12T00:00:00.000Z',
      },
      {
        window: 'activity',
        from: '2025-03-05T13:20:00.000Z',
        to: '2025-03-12T08:00:00.000Z',
        mode: 'touched',
      },
      { asOf: '2025-03-10T12:34:56.789Z' },
      // Whole hours of the instant's day from the hourly cells, their edges from the events.
      { asOf: '2025-03-10T13:00:00.000Z' },
      { asOf: '2025-03-10T13:59:59.999Z', mode: 'touched' },
      { window: 'activity', from: '2025-03-05T07:00:00.000Z', to: '2025-03-09T21:30:00.000Z' },
      {
        from: '2025-03-03T06:00:00.000Z',
        to: '2025-03-15T18:00:00.000Z',
        asOf: '2025-03-14T09:00:00.000Z',
      },
      {
        window: 'activity',
        from: '2025-03-08T00:00:00.000Z',
        asOf: '2025-03-20T00:00:00.000Z',
        ownerId: 'owner-2',
      },
      { window: 'activity', to: '2025-03-09T05:00:00.000Z', source: 'web' },
      { ownerId: 'nobody' },
      { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' },
    ];
    for (const q of queries) await checkAll(events, q);
  });

  it('agree across months: monthly cells, the days around them, and instants at month edges', async () => {
    const events = generateHistory({
      leads: 500,
      seed: 7,
      start: new Date(START),
      spanDays: 75,
      pipelines,
      duplicateShare: 0.05,
    });
    await load(events);
    const queries: Query[] = [
      {},
      { from: '2025-03-01T00:00:00.000Z', to: '2025-05-01T00:00:00.000Z' },
      { from: '2025-03-17T00:00:00.000Z', to: '2025-05-09T00:00:00.000Z', ownerId: 'owner-1' },
      { from: '2025-03-31T23:59:59.999Z', to: '2025-04-30T23:59:59.999Z', source: 'referral' },
      { asOf: '2025-03-31T23:59:59.999Z' },
      { asOf: '2025-04-01T00:00:00.000Z', pipelineId: 'b2c' },
      { from: '2025-04-01T00:00:00.000Z', asOf: '2025-05-15T12:00:00.000Z' },
      {
        window: 'activity',
        from: '2025-03-20T00:00:00.000Z',
        to: '2025-06-01T00:00:00.000Z',
        mode: 'touched',
      },
      {
        window: 'activity',
        from: '2025-04-01T00:00:00.000Z',
        to: '2025-05-01T00:00:00.000Z',
        ownerId: 'owner-2',
        source: 'web',
      },
      { window: 'activity', from: '2025-04-30T23:59:59.999Z', asOf: '2025-05-01T00:00:00.000Z' },
    ];
    for (const q of queries) await checkAll(events, q);
  });

  it('agree as of instants of the last months, read as all time minus the months after', async () => {
    // Relative to the service's clock: an end within three months of now reads the all-time
    // histogram cells minus the monthly ones from the end's month on.
    const now = Date.now();
    const events = generateHistory({
      leads: 400,
      seed: 13,
      start: new Date(now - 160 * DAY),
      spanDays: 150,
      pipelines,
      duplicateShare: 0.05,
    });
    await load(events);
    const at = (daysAgo: number, ms = 0) => new Date(now - daysAgo * DAY + ms).toISOString();
    const queries: Query[] = [
      { asOf: at(5, 3_600_000) },
      { asOf: at(40, -7_200_000), ownerId: 'owner-1' },
      { asOf: at(70), source: 'web' },
      { asOf: at(100), pipelineId: 'b2c' },
      { to: at(30) },
      { to: at(60, 12_345), asOf: at(20) },
    ];
    for (const q of queries) await checkAll(events, q);
  });

  it('answer a reloaded version afresh, even when the new history is empty', async () => {
    const q: Query = { window: 'activity', ownerId: 'owner-1', from: '2025-03-02T06:00:00.000Z' };
    const events = generateHistory({ leads: 60, seed: 3, start: new Date(START), pipelines });
    await load(events);
    await checkAll(events, q);
    // Nothing applied after the reload: the position must still have moved, or a kept answer
    // of the history before would be served for the same question.
    await load([]);
    await checkAll([], q);
  });
});
