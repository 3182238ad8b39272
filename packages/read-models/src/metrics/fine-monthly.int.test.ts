import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { WON_FINE_MONTHLY } from './fine-monthly.js';
import { WON_FINE_HISTOGRAM } from './won-histogram-ddl.js';

let tdb: TestDatabase;
let schema: string;

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_fine_monthly');
  ({ schema } = await projectHistory(tdb.db, {
    leads: 400,
    seed: 29,
    start: new Date(Date.UTC(2025, 10, 20)).toISOString(),
    spanDays: 75,
    pipelines: [defaultPipeline, b2cPipeline],
  }));
});
afterAll(() => tdb?.drop());

const rowsOf = async (table: string) => {
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.id(schema, table)} AS t ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
};

it('sums, over its months, to the summed rollup’s all-time fine cells', async () => {
  const { rows } = await sql<{ pipeline_id: string; measure: string; bucket: number; n: string }>`
    SELECT pipeline_id, measure, currency, bucket, SUM(n)::text AS n
    FROM ${sql.id(schema, WON_FINE_MONTHLY)}
    GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0
    EXCEPT
    SELECT pipeline_id, measure, currency, bucket, n::text FROM ${sql.id(schema, WON_FINE_HISTOGRAM)}
    WHERE rollup = 3 AND n <> 0
  `.execute(tdb.db);
  expect(rows).toEqual([]);
  const months = new Set((await rowsOf(WON_FINE_MONTHLY)).map((r) => r.split(',')[4]));
  expect(months.size).toBeGreaterThanOrEqual(3);
});

it('fills the monthly fine cells of a version written before them, as the writes would have', async () => {
  const written = (await rowsOf(WON_FINE_MONTHLY)).filter((r) => !/,0\)$/.test(r));
  expect(written.some((r) => r.includes(',visit:'))).toBe(true);
  expect(written.some((r) => r.includes(',cycle,'))).toBe(true);
  expect(written.some((r) => r.includes(',amount,'))).toBe(true);
  await sql`DROP TABLE ${sql.id(schema, WON_FINE_MONTHLY)}`.execute(tdb.db);
  const migration = migrations['0035_fine_monthly'];
  if (migration === undefined) throw new Error('migration 0035 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await rowsOf(WON_FINE_MONTHLY)).toEqual(written);
});
