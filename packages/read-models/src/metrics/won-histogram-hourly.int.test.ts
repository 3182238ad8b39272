import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStageIds } from '../funnel/open-stage-ids.js';
import { projectHistory } from '../testing/project-history.js';
import { hourOf } from './cell-grain.js';
import { metricScope } from './metric-scope.js';
import { VALUE_BOUNDS_LITERAL } from './value-buckets.js';
import { WON_HOURLY_HISTOGRAM } from './won-histogram-hourly.js';
import { wonHistogram } from './won-percentiles.js';
import { wonValueRows } from './won-histogram.js';

const START = Date.UTC(2025, 1, 8);
const H = 3_600_000;
let tdb: TestDatabase;
let schema: string;

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_hourly_hist');
  ({ schema } = await projectHistory(tdb.db, {
    leads: 400,
    seed: 23,
    start: new Date(START).toISOString(),
    spanDays: 20,
    pipelines: [defaultPipeline, b2cPipeline],
  }));
});
afterAll(() => tdb?.drop());

const rowsOf = async () => {
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.id(schema, WON_HOURLY_HISTOGRAM)} AS t ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
};

type Histogram = Map<string, readonly [n: number, total: number]>;

/** The histogram of the values of `pipeline` that occurred before `to`, bucketed row by row. */
async function fromRows(pipeline: string, to: number, visits: boolean): Promise<Histogram> {
  const { rows } = await sql<{ key: string; n: string; total: string }>`
    SELECT currency || '/' || measure || '/' ||
        width_bucket(value, ${sql.raw(`'${VALUE_BOUNDS_LITERAL}'::bigint[]`)}) AS key,
      SUM(won)::text AS n, SUM(won * value)::text AS total
    FROM (${wonValueRows(schema)}) AS v
    WHERE pipeline_id = ${pipeline} AND occurred_at < ${new Date(to).toISOString()}::timestamptz
      AND (measure LIKE 'visit:%') = ${visits}
    GROUP BY 1 HAVING SUM(won) <> 0 OR SUM(won * value) <> 0
  `.execute(tdb.db);
  return new Map(rows.map((r) => [r.key, [Number(r.n), Number(r.total)] as const]));
}

async function fromCells(pipeline: string, asOf: number, visits: boolean): Promise<Histogram> {
  const scope = metricScope({ pipelineId: pipeline, asOf: new Date(asOf - 1) }, START);
  const pipelines = loadPipelines();
  const stages = openStageIds(pipelines, pipelines.get(pipeline) ?? defaultPipeline);
  const cells = new Map<string, readonly [number, number]>();
  for (const row of await wonHistogram(tdb.db, schema, scope, visits ? stages : undefined)) {
    for (let i = 0; i < row.buckets.length; i += 3) {
      const [bucket, n = 0, total = 0] = row.buckets.slice(i, i + 3);
      cells.set(`${row.currency}/${row.measure}/${bucket}`, [n, total]);
    }
  }
  return cells;
}

it('reads the whole hours of an instant from the hourly cells, as the rows bucket them', async () => {
  const instants = [
    START + 5 * 24 * H + 13 * H, // on an hour: whole hours only
    START + 5 * 24 * H + 13 * H - 1, // the last ms of an hour
    START + 9 * 24 * H + 7 * H + 1_234, // inside an hour, before noon: the day read forward
    START + 12 * 24 * H + 20 * H + 59_999, // late in the day: the rest of it subtracted
  ];
  for (const pipeline of ['default', 'b2c']) {
    for (const visits of [true, false]) {
      for (const asOf of instants) {
        const label = `${pipeline} ${visits ? 'visits' : 'deals'} as of ${new Date(asOf).toISOString()}`;
        const expected = await fromRows(pipeline, asOf, visits);
        expect(expected.size, label).toBeGreaterThan(0);
        expect(await fromCells(pipeline, asOf, visits), label).toEqual(expected);
      }
    }
  }
  // The whole hours come from the cells: the visit cells of 13:00–24:00 of the first instant's
  // day (read as the day minus its rest) changed, the answer changes by as much.
  const asOf = instants[0] ?? 0;
  const hour = hourOf(asOf);
  const count = async () => {
    const histogram = await fromCells('default', asOf, true);
    return [...histogram.values()].reduce((s, [n]) => s + n, 0);
  };
  const before = await count();
  const bump = (n: number) =>
    sql`UPDATE ${sql.id(schema, WON_HOURLY_HISTOGRAM)} SET n = n + ${n}
      WHERE pipeline_id = 'default' AND measure LIKE 'visit:%'
        AND occurred_hour >= ${hour} AND occurred_hour < ${hour + 11}`.execute(tdb.db);
  const { numAffectedRows } = await bump(1000);
  try {
    expect(Number(numAffectedRows)).toBeGreaterThan(0);
    expect(await count()).toBe(before - 1000 * Number(numAffectedRows));
  } finally {
    await bump(-1000);
  }
});

it('fills the hourly cells of a version written before them, as the writes would have', async () => {
  const written = (await rowsOf()).filter((r) => !/,0,0\)$/.test(r));
  expect(written.some((r) => r.includes(',visit:'))).toBe(true);
  expect(written.some((r) => r.includes(',cycle,'))).toBe(true);
  expect(written.some((r) => r.includes(',amount,'))).toBe(true);
  await sql`DROP TABLE ${sql.id(schema, WON_HOURLY_HISTOGRAM)}`.execute(tdb.db);
  const migration = migrations['0030_hourly_histogram'];
  if (migration === undefined) throw new Error('migration 0030 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await rowsOf()).toEqual(written);
});
