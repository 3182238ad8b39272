import { loadPipelines, percentile } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { createTestDatabase, leadEvent, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';
import { metricScope, type MetricFilters } from './metric-scope.js';
import {
  FINE_BOUNDS,
  FINE_BOUNDS_LITERAL,
  fineBucket,
  valueBucket,
  VALUE_BOUNDS,
  VALUE_BOUNDS_LITERAL,
} from './value-buckets.js';
import { WON_FINE_HISTOGRAM } from './won-histogram-ddl.js';
import { wonStats } from './won-percentiles.js';

const DAY = 86_400_000;
const MIDNIGHT = Date.UTC(2025, 4, 10);
let tdb: TestDatabase;
let schema: string;

/** A won deal: created at `created`, won at `won` with `amount` (EUR). */
interface Deal {
  id: string;
  created: number;
  won: number;
  amount: number;
}

/**
 * Amounts on, just below and just above bucket bounds, several deals per value: coarse bounds,
 * and fine bounds inside a coarse bucket (the all-time histogram's second level).
 */
const EDGE_AMOUNTS = [
  ...[1000, 5000, 123_456].map((v) => VALUE_BOUNDS[valueBucket(v)] ?? v),
  ...[5000, 123_456].map((v) => FINE_BOUNDS[fineBucket(v) + 2] ?? v),
].flatMap((b) => [b - 1, b, b, b + 1]);

/** Wins around midnight (the last ms of a day, the first of the next) and inside days. */
const deals: Deal[] = EDGE_AMOUNTS.map((amount, i) => {
  const created = MIDNIGHT - (i % 5) * DAY - 7_200_000 + i * 1000;
  const offsets = [-1, 0, 1, 3 * 3_600_000, DAY + 5, -DAY - 1];
  const won = MIDNIGHT + (offsets[i % offsets.length] ?? 0) + Math.floor(i / 6) * DAY;
  return { id: `lead-${String(i).padStart(2, '0')}`, created, won, amount };
});

function events(): LeadEvent[] {
  return deals.flatMap((d) => [
    leadEvent(
      d.id,
      1,
      'LeadCreated',
      { name: d.id, amount: { value: 100, currency: 'EUR' }, stage: 'qualify' },
      new Date(d.created - 60_000),
    ),
    leadEvent(
      d.id,
      2,
      'DealWon',
      { amount: { value: d.amount, currency: 'EUR' }, fromStage: 'qualify' },
      new Date(d.won - 120_000),
    ),
  ]);
}

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_percentiles');
  const version = await ensureLiveVersion(tdb.db);
  schema = readModelSchemaName(version);
  const all = events();
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events: all });
  expect(folded.outcomes.filter((o) => o.kind === 'parked')).toEqual([]);
  await applyFunnelBatch(tdb.db, version, folded);
});
afterAll(() => tdb?.drop());

/** What the contract says for the deals in scope, computed from the list. */
function expected(filters: MetricFilters) {
  const scope = metricScope(filters, Date.UTC(2026, 0, 1));
  const inScope = deals.filter(
    (d) =>
      filters.ownerId === undefined && // the deals have no owner
      d.created >= scope.created.from &&
      d.created < scope.created.to &&
      d.won >= scope.flow.from &&
      d.won < scope.flow.to,
  );
  const amounts = inScope.map((d) => d.amount);
  const cycles = inScope.map((d) => (d.won - d.created) / DAY);
  return {
    count: inScope.length,
    total: amounts.reduce((a, b) => a + b, 0),
    median: amounts.length === 0 ? null : percentile(amounts, 0.5),
    cycleMedian: cycles.length === 0 ? null : percentile(cycles, 0.5),
    cycleP90: cycles.length === 0 ? null : percentile(cycles, 0.9),
  };
}

const at = (ms: number) => new Date(ms);

describe('exact percentiles from the won-deal histograms', () => {
  const cases: [string, MetricFilters][] = [
    ['all time', {}],
    ['a cohort of whole days', { from: at(MIDNIGHT - 3 * DAY), to: at(MIDNIGHT) }],
    ['a cohort cut inside days', { from: at(MIDNIGHT - 3 * DAY + 5), to: at(MIDNIGHT - 3) }],
    ['as of the last ms of a day', { asOf: at(MIDNIGHT - 1) }],
    ['as of midnight', { asOf: at(MIDNIGHT) }],
    ['as of an instant inside a day', { asOf: at(MIDNIGHT + DAY + 4 * 3_600_000) }],
    [
      'an activity window cut inside days',
      { window: 'activity', from: at(MIDNIGHT - 1), to: at(MIDNIGHT + 2 * DAY + 7) },
    ],
    [
      'an activity window of whole days',
      { window: 'activity', from: at(MIDNIGHT), to: at(MIDNIGHT + DAY) },
    ],
    ['an empty scope', { from: at(MIDNIGHT + 30 * DAY) }],
    ['an owner with no deals', { ownerId: 'nobody' }],
  ];

  it.each(cases)('%s', async (_name, filters) => {
    const want = expected(filters);
    const scope = metricScope({ ...filters, pipelineId: 'default' }, Date.UTC(2026, 0, 1));
    const got = await wonStats(tdb.db, schema, scope);
    if (want.count === 0) {
      expect(got.amounts).toEqual([]);
      expect(got.cycle).toEqual({ count: 0, totalMs: 0, median: null, p90: null });
      return;
    }
    expect(got.amounts).toEqual([
      { currency: 'EUR', count: want.count, total: want.total, median: want.median },
    ]);
    expect(got.cycle.count).toBe(want.count);
    expect(got.cycle.median).toBeCloseTo(want.cycleMedian ?? NaN, 9);
    expect(got.cycle.p90).toBeCloseTo(want.cycleP90 ?? NaN, 9);
  });

  it('puts every value in the bucket Postgres puts it in, at and around every bound', async () => {
    const values = VALUE_BOUNDS.slice(0, 400).flatMap((b) => [b - 1, b, b + 1]);
    const { rows } = await sql<{ v: string; b: number }>`
      SELECT v::text, width_bucket(v, ${sql.raw(`'${VALUE_BOUNDS_LITERAL}'::bigint[]`)}) AS b
      FROM unnest(${`{${values.join(',')}}`}::bigint[]) AS v
    `.execute(tdb.db);
    expect(rows.map((r) => [Number(r.v), r.b])).toEqual(values.map((v) => [v, valueBucket(v)]));
  });

  it('puts every value in the fine bucket Postgres puts it in, at and around fine bounds', async () => {
    const values = FINE_BOUNDS.filter((_, i) => i < 600 || i % 97 === 0).flatMap((b) => [
      b - 1,
      b,
      b + 1,
    ]);
    const { rows } = await sql<{ v: string; b: number }>`
      SELECT v::text, width_bucket(v, ${sql.raw(`'${FINE_BOUNDS_LITERAL}'::bigint[]`)}) AS b
      FROM unnest(${`{${values.join(',')}}`}::bigint[]) AS v
    `.execute(tdb.db);
    expect(rows.map((r) => [Number(r.v), r.b])).toEqual(values.map((v) => [v, fineBucket(v)]));
  });

  it('reads all time through the fine level: without its cells it refuses to guess', async () => {
    const scope = metricScope({ pipelineId: 'default' }, Date.UTC(2026, 0, 1));
    const fine = sql.id(schema, WON_FINE_HISTOGRAM);
    await sql`CREATE TABLE kept_fine AS SELECT * FROM ${fine}`.execute(tdb.db);
    try {
      await sql`DELETE FROM ${fine} WHERE measure = 'amount'`.execute(tdb.db);
      await expect(wonStats(tdb.db, schema, scope)).rejects.toThrow(/fine cells of bucket/);
    } finally {
      await sql`DELETE FROM ${fine}`.execute(tdb.db);
      await sql`INSERT INTO ${fine} SELECT * FROM kept_fine`.execute(tdb.db);
      await sql`DROP TABLE kept_fine`.execute(tdb.db);
    }
    expect((await wonStats(tdb.db, schema, scope)).amounts[0]?.median).toBe(expected({}).median);
  });
});
