import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { METRIC_COUNTERS } from './metric-counters.js';
import { cellKeyColumns, METRIC_TOTAL_TABLE } from './metric-ddl.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_total_migration');
});
afterAll(() => tdb?.drop());

const columns = [...cellKeyColumns(METRIC_TOTAL_TABLE), ...METRIC_COUNTERS];

/** The rows of the all-time cells as text, columns by name. */
async function totalRows(schema: string): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`
    SELECT ROW(${sql.join(columns.map((c) => sql.id(c)))})::text AS row
    FROM ${sql.id(schema, METRIC_TOTAL_TABLE.name)} ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

it('adds the all-time cells to a version written before them, as the writes would have', async () => {
  const { schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 13,
    start: '2025-02-08T00:00:00.000Z',
    spanDays: 70,
    pipelines: [defaultPipeline, b2cPipeline],
  });
  const written = await totalRows(schema);
  // Every rollup of both pipelines, summed over more than one month.
  expect(new Set(written.map((r) => r.split(',').slice(0, 2).join(',')))).toEqual(
    new Set([
      '(b2c,0',
      '(b2c,1',
      '(b2c,2',
      '(b2c,3',
      '(default,0',
      '(default,1',
      '(default,2',
      '(default,3',
    ]),
  );
  const { rows: months } = await sql<{ n: number }>`
    SELECT count(DISTINCT cohort_month)::int AS n FROM ${sql.id(schema, 'metric_cohort_monthly')}
  `.execute(tdb.db);
  expect(months[0]?.n).toBeGreaterThan(1);
  // The shape before: no all-time cells.
  await sql`DROP TABLE ${sql.id(schema, METRIC_TOTAL_TABLE.name)}`.execute(tdb.db);

  const migration = migrations['0028_metric_total'];
  if (migration === undefined) throw new Error('migration 0028 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent

  expect(await totalRows(schema)).toEqual(written);
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relname = ${METRIC_TOTAL_TABLE.name} AND i.indisprimary
  `.execute(tdb.db);
  expect(rows[0]?.def).toContain(
    `(${cellKeyColumns(METRIC_TOTAL_TABLE).join(', ')}) INCLUDE (${METRIC_COUNTERS.join(', ')})`,
  );
});
