import { createDb, type DbHandle } from '@dealflow/db';
import { defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
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
  it.each([LATE, 0.98, 0.6, 0.3])(
    'gives the medians and p90 the coarse walk gives, %s of the way through',
    async (share) => {
      const scope = metricScope(
        { ...filters, pipelineId: defaultPipeline.id, asOf: instantAt(share) },
        NOW,
      );
      expect(isInstant(scope)).toBe(true);
      const deals = await wonStats(db, schema, scope);
      expect(deals).toEqual(await wonStats(db, schema, coarse(scope)));
      const visits = await visitStats(db, schema, scope, OPEN_STAGES);
      expect(visits).toEqual(await visitStats(db, schema, coarse(scope), OPEN_STAGES));
    },
  );
});

/** The scans of `metric_events` in the plan of `statement`: how often each ran, rows read. */
async function eventScans(statement: CompiledQuery): Promise<{ loops: number; rows: number }[]> {
  const { rows } = await sql<{
    'QUERY PLAN': { Plan: Record<string, unknown> }[];
  }>`EXPLAIN (ANALYZE, FORMAT JSON) ${sql.raw(
    statement.sql.replace(/\$(\d+)/g, (_, n: string) => {
      const value = statement.parameters[Number(n) - 1];
      if (typeof value === 'number') return String(value);
      if (Array.isArray(value)) return `'{${value.join(',')}}'`;
      return `'${String(value).replace(/'/g, "''")}'`;
    }),
  )}`.execute(tdb.db);
  const scans: { loops: number; rows: number }[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Relation Name'] === 'metric_events') {
      const loops = Number(node['Actual Loops']);
      const kept = Number(node['Actual Rows']) + Number(node['Rows Removed by Filter'] ?? 0);
      scans.push({ loops, rows: kept * loops });
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const [top] = rows[0]?.['QUERY PLAN'] ?? [];
  if (top !== undefined) walk(top.Plan);
  return scans;
}

it('reads the rows after a recent instant, and none after an instant far in the past', async () => {
  const fineStatement = async (share: number) => {
    statements.length = 0;
    const scope = metricScope({ pipelineId: defaultPipeline.id, asOf: instantAt(share) }, NOW);
    await wonStats(db, schema, scope);
    const at = statements.findIndex((s) => s.sql.includes('won_hist_fine'));
    const fine = statements[at];
    if (fine === undefined) throw new Error('no statement read the fine cells');
    return fine;
  };
  /** The value ranges the rank walk of `scope`'s deals read: fine (narrower than a coarse bucket) or not. */
  const walkedRanges = async (scope: MetricScope) => {
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
  };
  const instant = (share: number) =>
    metricScope({ pipelineId: defaultPipeline.id, asOf: instantAt(share) }, NOW);
  // Late in the history: the few deals won after the instant are read and netted out.
  const recent = await eventScans(await fineStatement(LATE));
  expect(recent.length).toBeGreaterThan(0);
  expect(recent.every((s) => s.loops === 1)).toBe(true);
  expect(recent.reduce((sum, s) => sum + s.rows, 0)).toBeGreaterThan(0);
  // …and the walk reads a fine bucket of each coarse one.
  const late = await walkedRanges(instant(LATE));
  expect(late.all).toBeGreaterThan(0);
  expect(late.fine).toBe(late.all);
  // Early, most deals of each bucket read were won after it: Postgres skips them (a
  // one-time filter), and the coarse buckets are walked instead.
  const early = (await eventScans(await fineStatement(0.3))).map((s) => s.loops);
  expect(early.length).toBeGreaterThan(0);
  expect(early.every((n) => n === 0)).toBe(true);
  const walkedEarly = await walkedRanges(instant(0.3));
  expect(walkedEarly.all).toBeGreaterThan(0);
  expect(walkedEarly.fine).toBe(0);
});
