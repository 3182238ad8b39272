import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { ACTIVITY_HOURLY, hourOf } from './activity-hourly.js';
import { METRIC_COUNTERS } from './metric-counters.js';
import { metricScope } from './metric-scope.js';
import { sumMetricDeltas } from './sum-metric-deltas.js';

const START = Date.UTC(2025, 1, 8);
const H = 3_600_000;
let tdb: TestDatabase;
let schema: string;

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_hourly');
  ({ schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 11,
    start: new Date(START).toISOString(),
    spanDays: 20,
    pipelines: [defaultPipeline, b2cPipeline],
  }));
});
afterAll(() => tdb?.drop());

const rowsOf = async () => {
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.id(schema, ACTIVITY_HOURLY)} AS t ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
};

/** Σ of every counter of the metric rows of `pipeline` that occurred before `to`, from the rows. */
async function fromEvents(pipeline: string, to: number) {
  const sums = sql.join(METRIC_COUNTERS.map((c) => sql`SUM(${sql.id(c)})::text AS ${sql.id(c)}`));
  const { rows } = await sql<Record<string, string | null>>`
    SELECT ${sums} FROM ${sql.id(schema, 'metric_events')}
    WHERE pipeline_id = ${pipeline} AND occurred_at < ${new Date(to).toISOString()}::timestamptz
  `.execute(tdb.db);
  return METRIC_COUNTERS.map((c) => Number(rows[0]?.[c] ?? 0));
}

it('sums the whole hours of an instant from the hourly cells, exactly as the rows sum', async () => {
  const instants = [
    START + 5 * 24 * H + 13 * H, // on an hour: whole hours only
    START + 5 * 24 * H + 13 * H - 1, // the last ms of an hour
    START + 9 * 24 * H + 7 * H + 1_234, // inside an hour, before noon: the day read forward
    START + 9 * 24 * H + 20 * H + 59_999, // late in the day: the rest of it subtracted
  ];
  for (const pipeline of ['default', 'b2c']) {
    for (const asOf of instants) {
      const scope = metricScope({ pipelineId: pipeline, asOf: new Date(asOf - 1) }, START);
      const keyed = await sumMetricDeltas(tdb.db, schema, scope, scope.created, scope.flow, []);
      const got = METRIC_COUNTERS.map((c) => keyed.reduce((s, k) => s + k.sums[c], 0));
      expect(got, `${pipeline} as of ${new Date(asOf).toISOString()}`).toEqual(
        await fromEvents(pipeline, asOf),
      );
      expect(got[0]).toBeGreaterThan(0);
    }
  }
  // The whole hours come from the cells: the cells of 13:00–24:00 of the first instant's day
  // (read as the day minus its rest) changed, the answer changes by as much.
  const asOf = instants[0] ?? 0;
  const hour = hourOf(asOf);
  const scope = metricScope({ pipelineId: 'default', asOf: new Date(asOf - 1) }, START);
  const created = async () =>
    (await sumMetricDeltas(tdb.db, schema, scope, scope.created, scope.flow, [])).reduce(
      (s, k) => s + k.sums.created,
      0,
    );
  const before = await created();
  const bump = (n: number) =>
    sql`UPDATE ${sql.id(schema, ACTIVITY_HOURLY)} SET created = created + ${n}
      WHERE pipeline_id = 'default' AND occurred_hour >= ${hour} AND occurred_hour < ${hour + 11}`.execute(
      tdb.db,
    );
  const { numAffectedRows } = await bump(1000);
  try {
    expect(Number(numAffectedRows)).toBeGreaterThan(0);
    expect(await created()).toBe(before - 1000 * Number(numAffectedRows));
  } finally {
    await bump(-1000);
  }
});

it('fills the hourly cells of a version written before them, as the writes would have', async () => {
  const written = (await rowsOf()).filter((r) => !/(,0){12}\)$/.test(r));
  expect(written.length).toBeGreaterThan(100);
  await sql`DROP TABLE ${sql.id(schema, ACTIVITY_HOURLY)}`.execute(tdb.db);
  const migration = migrations['0025_activity_hourly'];
  if (migration === undefined) throw new Error('migration 0025 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await rowsOf()).toEqual(written);
});
