import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';
import { workedExampleHistory } from './testing/worked-example-history.js';

/** docs/metrics-worked-example.md: the numbers computed by hand, through fold, apply and HTTP. */
let fixture: QueryFixture;
const END = '2025-03-15T00:00:00.000Z';

beforeAll(async () => {
  fixture = await startQueryFixture(workedExampleHistory());
});
afterAll(async () => {
  await fixture?.close();
});

async function get(url: string, query: Record<string, string> = {}): Promise<unknown> {
  const res = await fixture.app.inject({ method: 'GET', url, query });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const stage = (
  name: string,
  position: number,
  probability: number,
  counts: [reached: number, current: number, lost: number],
  conversionToNext: number | null,
  cumulativeConversion: number | null,
) => ({
  stage: name,
  position,
  probability,
  reached: counts[0],
  current: counts[1],
  lost: counts[2],
  conversionToNext,
  cumulativeConversion,
});

describe('the worked example (docs/metrics-worked-example.md)', () => {
  it('1. funnel, cohort, reached', async () => {
    expect(await get('/v1/funnel', { asOf: END })).toEqual({
      pipelineId: 'default',
      totals: { leads: 6, open: 2, won: 2, lost: 2 },
      winRate: 2 / 6,
      closeRate: 0.5,
      stages: [
        stage('qualify', 1, 0.1, [6, 1, 0], 5 / 6, 1),
        stage('demo', 2, 0.35, [5, 0, 1], 4 / 5, 5 / 6),
        stage('proposal', 3, 0.65, [4, 1, 1], 2 / 4, 4 / 6),
        stage('negotiation', 4, 0.75, [2, 0, 0], 2 / 2, 2 / 6),
      ],
    });
    // Without asOf the plain cohort funnel answers from funnel_daily: the same numbers.
    expect(await get('/v1/funnel')).toEqual(await get('/v1/funnel', { asOf: END }));
  });

  it('2. funnel, touched', async () => {
    const body = (await get('/v1/funnel', { mode: 'touched' })) as { stages: unknown[] };
    expect(body.stages).toEqual([
      stage('qualify', 1, 0.1, [6, 1, 0], 5 / 6, 1),
      stage('demo', 2, 0.35, [4, 0, 1], 3 / 4, 4 / 6),
      stage('proposal', 3, 0.65, [2, 1, 1], 0, 2 / 6),
      stage('negotiation', 4, 0.75, [1, 0, 0], 1, 1 / 6),
    ]);
  });

  it('3. summary', async () => {
    expect(await get('/v1/metrics/summary')).toEqual({
      pipelineId: 'default',
      leads: 6,
      open: 2,
      won: 2,
      lost: 2,
      winRate: 2 / 6,
      closeRate: 0.5,
      averageDealSize: {
        EUR: { mean: 1_100_000, median: 1_100_000, count: 1 },
        USD: { mean: 500_000, median: 500_000, count: 1 },
      },
      salesCycleDays: { mean: 8, median: 8, p90: 8.8, count: 2 },
      weightedPipeline: { EUR: 200_000 * 0.1 + 600_000 * 0.65 },
      salesVelocity: {
        perDay: { EUR: (2 * 1_100_000 * (2 / 6)) / 8, USD: (2 * 500_000 * (2 / 6)) / 8 },
        opportunities: 2,
        averageDealSize: { EUR: 1_100_000, USD: 500_000 },
        winRate: 2 / 6,
        cycleDays: 8,
      },
    });
  });

  it('4. lost and won reasons', async () => {
    expect(await get('/v1/metrics/lost-reasons')).toEqual({
      pipelineId: 'default',
      total: 2,
      reasons: [
        {
          reason: 'no_budget',
          count: 1,
          share: 0.5,
          amount: { EUR: 300_000 },
          byStage: { demo: 1 },
        },
        {
          reason: 'price',
          count: 1,
          share: 0.5,
          amount: { EUR: 800_000 },
          byStage: { proposal: 1 },
        },
      ],
    });
    expect(await get('/v1/metrics/won-reasons')).toEqual({
      pipelineId: 'default',
      total: 2,
      reasons: [
        {
          reason: 'best_fit',
          count: 1,
          share: 0.5,
          amount: { EUR: 1_100_000 },
          byStage: { negotiation: 1 },
        },
        {
          reason: 'unspecified',
          count: 1,
          share: 0.5,
          amount: { USD: 500_000 },
          byStage: { demo: 1 },
        },
      ],
    });
  });

  it('5. stage durations as of the end', async () => {
    expect(await get('/v1/metrics/stage-durations', { asOf: END })).toEqual({
      pipelineId: 'default',
      asOf: END,
      stages: [
        {
          stage: 'qualify',
          completedVisits: 5,
          meanDays: 2,
          medianDays: 2,
          openNow: 1,
          meanAgeDaysOpen: 9.625,
        },
        {
          stage: 'demo',
          completedVisits: 4,
          meanDays: 4,
          medianDays: 3,
          openNow: 0,
          meanAgeDaysOpen: null,
        },
        {
          stage: 'proposal',
          completedVisits: 1,
          meanDays: 7,
          medianDays: 7,
          openNow: 1,
          meanAgeDaysOpen: 4.625,
        },
        {
          stage: 'negotiation',
          completedVisits: 1,
          meanDays: 2,
          medianDays: 2,
          openNow: 0,
          meanAgeDaysOpen: null,
        },
      ],
    });
  });

  it('6. weekly timeseries', async () => {
    expect(await get('/v1/metrics/timeseries', { interval: 'week' })).toEqual({
      pipelineId: 'default',
      interval: 'week',
      points: [
        {
          start: '2025-03-03T00:00:00.000Z',
          created: 6,
          advanced: 6,
          won: 0,
          lost: 1,
          wonAmount: {},
        },
        {
          start: '2025-03-10T00:00:00.000Z',
          created: 0,
          advanced: 1,
          won: 2,
          lost: 1,
          wonAmount: { EUR: 1_100_000, USD: 500_000 },
        },
      ],
    });
  });

  it('7. as of 2025-03-09T12:00Z, and the backdated advance of F', async () => {
    expect(await get('/v1/metrics/summary', { asOf: '2025-03-09T12:00:00Z' })).toMatchObject({
      leads: 6,
      open: 5,
      won: 0,
      lost: 1,
      winRate: 0,
      closeRate: 0,
      weightedPipeline: { EUR: 750_000 + 520_000 + 20_000 + 210_000, USD: 175_000 },
      salesCycleDays: { mean: null, median: null, p90: null, count: 0 },
    });
    const at = async (asOf: string) =>
      ((await get('/v1/funnel', { asOf })) as { stages: { current: number }[] }).stages[2]?.current;
    // F moved to proposal at 03-10 09:00 (recorded 03-16): it counts from its occurredAt on.
    expect(await at('2025-03-10T08:59:59.999Z')).toBe(1);
    expect(await at('2025-03-10T09:00:00.000Z')).toBe(2);
  });

  it('8. activity window [03-10, 03-15)', async () => {
    const window = { window: 'activity', from: '2025-03-10T00:00:00Z', to: END };
    expect(await get('/v1/funnel', window)).toMatchObject({
      totals: { leads: 5, open: 2, won: 2, lost: 1 },
      winRate: 0.4,
      closeRate: 2 / 3,
    });
    const reached = ((await get('/v1/funnel', window)) as { stages: { reached: number }[] }).stages;
    expect(reached.map((s) => s.reached)).toEqual([5, 4, 4, 2]);
  });
});
