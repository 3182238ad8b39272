import { createDb, type DbHandle } from '@dealflow/db';
import { defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { tableScans } from '../testing/table-scans.js';
import { visitStats } from './event-row-stats.js';
import { isInstant } from './fine-histogram.js';
import { metricScope, type MetricFilters, type MetricScope } from './metric-scope.js';
import { VALUE_BOUNDS } from './value-buckets.js';
import { wonStats } from './won-percentiles.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);
const SPAN_DAYS = 120;
const NOW = START + 200 * DAY;
let tdb: TestDatabase;
let logged: DbHandle;
let schema: string;
const statements: CompiledQuery[] = [];
let db: Kysely<unknown>;

beforeAll(async () => {
  tdb = await createTestDatabase('rm_instant_fine_ranks');
  // Wins taken back, reopened leads, moves back: the signed rows a rank walk must net out.
  ({ schema } = await projectHistory(tdb.db, {
    leads: 2500,
    seed: 17,
    start: new Date(START),
    spanDays: SPAN_DAYS,
  }));
  await sql`ANALYZE`.execute(tdb.db);
  logged = createDb({ url: tdb.url, max: 2 });
  db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: logged.pool }),
    log: (e) => {
      if (e.level === 'query') statements.push(e.query);
    },
  });
}, 120_000);
afterAll(async () => {
  await logged?.close();
  await tdb?.drop();
});

/** Late in the history (its wins go on ~40 days after the last lead is created). */
const LATE = 1.05;

/** An instant this share of the way through the history, off any hour. */
const instantAt = (share: number) => new Date(START + share * SPAN_DAYS * DAY + 1_234_567);

/**
 * The same events by another path: every lead created since 2000 instead of every lead (no
 * lead is older), so the ranks are walked in the coarse buckets as for any bounded scope.
 */
const coarse = (scope: MetricScope): MetricScope => ({
  ...scope,
  created: { from: Date.UTC(2000, 0, 1), to: Infinity },
});

const OPEN_STAGES = defaultPipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);

describe.each<[string, MetricFilters]>([
  ['every owner and source', {}],
  ['one owner', { ownerId: 'owner-1' }],
  ['one source and owner', { ownerId: 'owner-2', source: 'web' }],
])('as of an instant, %s', (_name, filters) => {
  it.each<[string, Date]>([
    ...[LATE, 0.98, 0.6, 0.3].map((share): [string, Date] => [
      `${share} of the way through`,
      instantAt(share),
    ]),
    // The edges of a month: its first instant, just after it, just before the next month.
    ['at the start of a month', new Date(Date.UTC(2026, 2, 1))],
    ['just after the start of a month', new Date(Date.UTC(2026, 2, 1, 0, 0, 1))],
    ['mid-month', new Date(Date.UTC(2026, 2, 16, 12))],
    ['just before the end of a month', new Date(Date.UTC(2026, 2, 31, 23, 59, 59, 999))],
  ])('gives the medians and p90 the coarse walk gives, %s', async (_at, asOf) => {
    const scope = metricScope({ ...filters, pipelineId: defaultPipeline.id, asOf }, NOW);
    expect(isInstant(scope)).toBe(true);
    const deals = await wonStats(db, schema, scope);
    expect(deals).toEqual(await wonStats(db, schema, coarse(scope)));
    const visits = await visitStats(db, schema, scope, OPEN_STAGES);
    expect(visits).toEqual(await visitStats(db, schema, coarse(scope), OPEN_STAGES));
  });
});

/** The scans of `metric_events` in the plan of `statement`: how often each ran, rows read. */
const eventScans = (statement: CompiledQuery) => tableScans(tdb.db, statement, 'metric_events');

/** An owner's scope: no monthly fine cells, the rows after the instant are netted out. */
const OWNER = { ownerId: 'owner-1' };

const instant = (filters: MetricFilters, asOf: Date) =>
  metricScope({ ...filters, pipelineId: defaultPipeline.id, asOf }, NOW);

/** The statement of `scope`'s deal ranks that read the fine cells. */
async function fineStatement(scope: MetricScope): Promise<CompiledQuery> {
  statements.length = 0;
  await wonStats(db, schema, scope);
  const fine = statements.find((s) => s.sql.includes('won_hist_fine'));
  if (fine === undefined) throw new Error('no statement read the fine cells');
  return fine;
}

/** The value ranges the rank walk of `scope`'s deals read: fine (narrower than a coarse bucket) or not. */
async function walkedRanges(scope: MetricScope) {
  statements.length = 0;
  await wonStats(db, schema, scope);
  const walk = statements.filter((s) => s.sql.includes('upto')).at(-1);
  if (walk === undefined) throw new Error('no rank walk');
  const ranges = [
    ...walk.sql.matchAll(/(?:"cycle_ms"|abs\(won_amount\)) >= \$(\d+) AND \S+ < \$(\d+)/g),
  ].map(([, from, to]) => [from, to].map((k) => Number(walk.parameters[Number(k) - 1])));
  const coarseBucket = ([from = 0, to = 0]: number[]) =>
    to === VALUE_BOUNDS[VALUE_BOUNDS.indexOf(from) + 1];
  return { fine: ranges.filter((r) => !coarseBucket(r)).length, all: ranges.length };
}

it('reads an owner’s rows after a recent instant, and none after an instant far in the past', async () => {
  // Late in the history: the few deals won after the instant are read and netted out.
  const recent = await eventScans(await fineStatement(instant(OWNER, instantAt(LATE))));
  expect(recent.length).toBeGreaterThan(0);
  expect(recent.every((s) => s.loops === 1)).toBe(true);
  expect(recent.reduce((sum, s) => sum + s.rows, 0)).toBeGreaterThan(0);
  // …and the walk reads a fine bucket of each coarse one.
  const late = await walkedRanges(instant(OWNER, instantAt(LATE)));
  expect(late.all).toBeGreaterThan(0);
  expect(late.fine).toBe(late.all);
  // Early, most deals of most buckets read were won after it: Postgres skips those (a one-time
  // filter), and their coarse buckets are walked instead; a bucket of an owner's few deals with
  // fewer won since is still read.
  const early = await eventScans(await fineStatement(instant(OWNER, instantAt(0.15))));
  expect(early.length).toBeGreaterThan(0);
  expect(early.some((scan) => scan.loops === 0)).toBe(true);
  const walkedEarly = await walkedRanges(instant(OWNER, instantAt(0.15)));
  expect(walkedEarly.all).toBeGreaterThan(0);
  expect(walkedEarly.fine).toBeLessThan(walkedEarly.all);
});

/** The won rows (with an amount or a cycle) of the default pipeline that occurred in `[from, to)`. */
async function wonRowsBetween(from: number, to: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.id(schema, 'metric_events')}
    WHERE pipeline_id = ${defaultPipeline.id} AND won <> 0
      AND occurred_at >= ${new Date(from).toISOString()}::timestamptz
      AND occurred_at < ${new Date(to).toISOString()}::timestamptz
  `.execute(tdb.db);
  return rows[0]?.n ?? 0;
}

it.each([0.3, 0.6, 0.98, LATE])(
  'reads whole months of fine cells for every owner and source, and only rows of the instant’s month, %s of the way through',
  async (share) => {
    const asOf = instantAt(share);
    const fine = await fineStatement(instant({}, asOf));
    expect(fine.sql).toContain('won_hist_fine_monthly');
    const scans = await eventScans(fine);
    expect(scans.length).toBeGreaterThan(0);
    // Each of the two ranges (amount, cycle) read at most once, inside the instant's month.
    const at = asOf.getTime();
    const start = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), 1);
    const next = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() + 1, 1);
    const month =
      at - start <= next - at ? await wonRowsBetween(start, at) : await wonRowsBetween(at, next);
    for (const scan of scans) expect(scan.rows).toBeLessThanOrEqual(month);
    // Early or late, the walk reads a fine bucket of each coarse one.
    const walked = await walkedRanges(instant({}, asOf));
    expect(walked.all).toBeGreaterThan(0);
    expect(walked.fine).toBe(walked.all);
  },
);
