import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';
import { projectHistory } from '../testing/project-history.js';
import { METRIC_COUNTERS } from './metric-counters.js';
import { cellKeyColumns, METRIC_DAILY_TABLES, METRIC_MONTHLY_TABLES } from './metric-ddl.js';
import {
  WON_DAILY_HISTOGRAMS,
  WON_FINE_HISTOGRAM,
  WON_FINE_KEY,
  WON_MONTHLY_HISTOGRAMS,
  WON_TOTAL_HISTOGRAM,
  wonHistogramKey,
} from './won-histogram-ddl.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_hist_migration');
});
afterAll(() => tdb?.drop());

/** Rows of a histogram table as text: the won deals' (0012's) or the completed visits'. */
async function rowsOf(schema: string, table: string, kind: 'deals' | 'visits' = 'deals') {
  const measures =
    kind === 'deals' ? sql`measure IN ('amount', 'cycle')` : sql`measure LIKE 'visit:%'`;
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.id(schema, table)} AS t WHERE ${measures} ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

/** The visit cells the writes made, kept before the first test drops the tables. */
const writtenVisits = new Map<string, string[]>();

it('fills the histograms of a version written before they existed, as the writes would have', async () => {
  const { schema } = await projectHistory(tdb.db, {
    leads: 300,
    seed: 5,
    start: '2025-02-08T00:00:00.000Z',
    spanDays: 40,
    pipelines: [defaultPipeline, b2cPipeline],
  });
  const written = new Map<string, string[]>();
  for (const { name } of WON_DAILY_HISTOGRAMS) {
    written.set(name, await rowsOf(schema, name));
    expect(written.get(name)?.length).toBeGreaterThan(0);
    writtenVisits.set(name, await rowsOf(schema, name, 'visits'));
    expect(writtenVisits.get(name)?.length).toBeGreaterThan(0);
  }
  // The shape before: no histograms, no bucket indexes.
  for (const { name } of WON_DAILY_HISTOGRAMS) {
    await sql`DROP TABLE ${sql.id(schema, name)}`.execute(tdb.db);
  }
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_won_amount')}`.execute(tdb.db);
  await sql`DROP INDEX ${sql.id(schema, 'metric_events_won_cycle')}`.execute(tdb.db);

  const migration = migrations['0012_won_histograms'];
  if (migration === undefined) throw new Error('migration 0009 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent

  for (const { name } of WON_DAILY_HISTOGRAMS) {
    expect(await rowsOf(schema, name)).toEqual(written.get(name));
  }
  const { rows } = await sql<{ indexname: string }>`
    SELECT indexname FROM pg_indexes WHERE schemaname = ${schema} AND indexname LIKE 'metric_events_won_%'
    ORDER BY 1
  `.execute(tdb.db);
  // Back beside the deal-bucket indexes (0033, 0034), which the test left in place.
  expect(rows.map((r) => r.indexname)).toEqual([
    'metric_events_won_amount',
    'metric_events_won_amount_bucket_created',
    'metric_events_won_amount_bucket_occurred',
    'metric_events_won_cover',
    'metric_events_won_cycle',
    'metric_events_won_cycle_bucket_occurred',
    'metric_events_won_occurred',
  ]);
});

/** The rows of a daily table by column name (the column order differs after a migration). */
async function dailyRows(schema: string, table: (typeof METRIC_DAILY_TABLES)[number]) {
  const columns = [...cellKeyColumns(table), ...METRIC_COUNTERS].map((k) => sql.id(k));
  const { rows } = await sql<{ row: string }>`
    SELECT (${sql.join(columns)})::text AS row FROM ${sql.id(schema, table.name)} ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

it('adds the owner/source rollups to daily tables written before them, as the writes would have', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const schema = readModelSchemaName(version);
  const written = new Map<string, string[]>();
  for (const table of METRIC_DAILY_TABLES) {
    const rows = await dailyRows(schema, table);
    expect(rows.some((r) => r.includes(',3,'))).toBe(true);
    written.set(table.name, rows);
    // The shape before: no rollup column, only the rows per owner × source.
    const oldKey = cellKeyColumns(table).filter((k) => k !== 'rollup');
    const t = sql.id(schema, table.name);
    await sql`DELETE FROM ${t} WHERE rollup <> 0`.execute(tdb.db);
    await sql`ALTER TABLE ${t} DROP CONSTRAINT ${sql.id(`${table.name}_pkey`)}`.execute(tdb.db);
    await sql`ALTER TABLE ${t} DROP COLUMN rollup`.execute(tdb.db);
    const key = sql.join(oldKey.map((k) => sql.id(k)));
    await sql`ALTER TABLE ${t} ADD PRIMARY KEY (${key})`.execute(tdb.db);
  }
  const migration = migrations['0013_owner_source_rollups'];
  if (migration === undefined) throw new Error('migration 0010 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  for (const table of METRIC_DAILY_TABLES) {
    expect(await dailyRows(schema, table)).toEqual(written.get(table.name));
  }
});

/** The rows of a table as text, columns in the given order (a migration's order may differ). */
async function rowsBy(schema: string, table: string, columns: readonly string[]) {
  const { rows } = await sql<{ row: string }>`
    SELECT (${sql.join(columns.map((k) => sql.id(k)))})::text AS row
    FROM ${sql.id(schema, table)} ORDER BY 1
  `.execute(tdb.db);
  return rows.map((r) => r.row);
}

it('adds the monthly cells and the visit cells to a version written before them, as the writes would have', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const schema = readModelSchemaName(version);
  const tables = [
    ...METRIC_MONTHLY_TABLES.map((t) => ({
      name: t.name,
      columns: [...cellKeyColumns(t), ...METRIC_COUNTERS],
    })),
    ...WON_MONTHLY_HISTOGRAMS.map((t) => ({
      name: t.name,
      columns: [...wonHistogramKey(t), 'n', 'total'],
    })),
  ];
  const written = new Map<string, string[]>();
  for (const t of tables) {
    const rows = await rowsBy(schema, t.name, t.columns);
    // Leads are created over two months and act over three: more than one month per table.
    expect(new Set(rows.map((r) => /20\d\d-\d\d-01/.exec(r)?.[0])).size).toBeGreaterThan(1);
    written.set(t.name, rows);
    await sql`DROP TABLE ${sql.id(schema, t.name)}`.execute(tdb.db);
  }
  const migration = migrations['0017_monthly_cells'];
  if (migration === undefined) throw new Error('migration 0017 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  for (const t of tables) {
    expect(await rowsBy(schema, t.name, t.columns)).toEqual(written.get(t.name));
  }
  // The daily histograms, filled by 0012 with won deals only, get the visits the writes made.
  for (const { name } of WON_DAILY_HISTOGRAMS) {
    expect(await rowsOf(schema, name, 'visits')).toEqual(writtenVisits.get(name));
  }
});

/** The primary key of each histogram table of `schema`, as the catalog prints it. */
async function histogramKeys(schema: string) {
  const { rows } = await sql<{ table: string; def: string }>`
    SELECT c.relname AS table, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'p' AND n.nspname = ${schema} AND c.relname LIKE 'won_hist_%'
  `.execute(tdb.db);
  return new Map(rows.map((r) => [r.table, r.def]));
}

it('keys the histograms by measure before time and adds the all-time one, rows as the writes made them', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const schema = readModelSchemaName(version);
  const tables = [...WON_DAILY_HISTOGRAMS, ...WON_MONTHLY_HISTOGRAMS, WON_TOTAL_HISTOGRAM];
  const columnsOf = (t: (typeof tables)[number]) => [...wonHistogramKey(t), 'n', 'total'];
  const written = new Map<string, string[]>();
  for (const t of tables) written.set(t.name, await rowsBy(schema, t.name, columnsOf(t)));
  const total = written.get(WON_TOTAL_HISTOGRAM.name) ?? [];
  // Deals of both currencies and every stage's visits, in every rollup.
  expect(new Set(total.map((r) => r.split(',')[4])).size).toBeGreaterThan(4);
  expect(new Set(total.map((r) => r.split(',')[1]))).toEqual(new Set(['0', '1', '2', '3']));
  await sql`DROP TABLE ${sql.id(schema, WON_TOTAL_HISTOGRAM.name)}`.execute(tdb.db);
  // The tables 0012 and 0017 made above have the time before the measure.
  const before = await histogramKeys(schema);
  expect(before.get('won_hist_cohort')).toMatch(/cohort_day, owner_id, source, currency, measure/);
  expect(before.get('won_hist_cohort_monthly')).toMatch(/cohort_month, currency, measure/);

  const migration = migrations['0021_histogram_cells_by_measure'];
  if (migration === undefined) throw new Error('migration 0021 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  const after = await histogramKeys(schema);
  for (const t of tables) {
    expect(after.get(t.name)).toBe(
      `PRIMARY KEY (${wonHistogramKey(t).join(', ')}) INCLUDE (n, total)`,
    );
    expect(await rowsBy(schema, t.name, columnsOf(t))).toEqual(written.get(t.name));
  }
});

it('adds the fine level of the all-time histogram to a version written before it, as the writes would have', async () => {
  const version = await ensureLiveVersion(tdb.db);
  const schema = readModelSchemaName(version);
  const columns = [...WON_FINE_KEY, 'n'];
  const fine = sql.id(schema, WON_FINE_HISTOGRAM);
  // Cells a taking back brought to zero stay written; the migration writes none.
  await sql`DELETE FROM ${fine} WHERE n = 0`.execute(tdb.db);
  const written = await rowsBy(schema, WON_FINE_HISTOGRAM, columns);
  expect(new Set(written.map((r) => r.split(',')[4])).size).toBeGreaterThan(4);
  expect(new Set(written.map((r) => r.split(',')[1]))).toEqual(new Set(['0', '1', '2', '3']));
  await sql`DROP TABLE ${fine}`.execute(tdb.db);

  const migration = migrations['0024_fine_histogram'];
  if (migration === undefined) throw new Error('migration 0024 missing');
  await migration.up(tdb.db);
  await migration.up(tdb.db); // idempotent
  expect(await rowsBy(schema, WON_FINE_HISTOGRAM, columns)).toEqual(written);
  const keys = await histogramKeys(schema);
  expect(keys.get(WON_FINE_HISTOGRAM)).toBe(`PRIMARY KEY (${WON_FINE_KEY.join(', ')}) INCLUDE (n)`);
});
