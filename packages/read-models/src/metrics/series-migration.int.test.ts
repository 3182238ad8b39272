import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { SERIES_TABLES, SERIES_VALUES, seriesKey } from './series-cells.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_series_migration');
});
afterAll(() => tdb?.drop());

/** The rows of a series table as text, columns by name (a migration may order them apart). */
async function rowsOf(schema: string, table: (typeof SERIES_TABLES)[number]) {
  const columns = sql.join([...seriesKey(table), ...SERIES_VALUES].map((c) => sql.id(c)));
  const { rows } = await sql<{ row: string }>`
    SELECT ROW(${columns})::text AS row FROM ${sql.id(schema, table.name)} ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

it('fills the series cells of a version written before they existed, as the writes would have', async () => {
  const { schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 11,
    start: '2025-02-08T00:00:00.000Z',
    spanDays: 40,
    pipelines: [defaultPipeline, b2cPipeline],
  });
  const written = new Map<string, string[]>();
  for (const table of SERIES_TABLES) {
    written.set(table.name, await rowsOf(schema, table));
    // Every rollup, and more than one owner and day.
    expect(written.get(table.name)?.length).toBeGreaterThan(100);
  }
  // The shape before: no series tables.
  for (const { name } of SERIES_TABLES) {
    await sql`DROP TABLE ${sql.id(schema, name)}`.execute(tdb.db);
  }

  // 0019 makes the cells by day, 0029 those by creation month from them.
  const migration = migrations['0019_series_cells'];
  if (migration === undefined) throw new Error('migration 0019 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  const byMonth = migrations['0029_series_by_creation_month'];
  if (byMonth === undefined) throw new Error('migration 0029 missing');
  await byMonth.up(tdb.db);
  await byMonth.up(tdb.db); // idempotent

  for (const table of SERIES_TABLES) {
    expect(await rowsOf(schema, table)).toEqual(written.get(table.name));
    const { rows } = await sql<{ def: string }>`
      SELECT pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relname = ${table.name} AND i.indisprimary
    `.execute(tdb.db);
    expect(rows[0]?.def).toContain(
      `(${seriesKey(table).join(', ')}) INCLUDE (${SERIES_VALUES.join(', ')})`,
    );
  }
});
