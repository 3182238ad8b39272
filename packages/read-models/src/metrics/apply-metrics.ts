import { sql, type QueryExecutorProvider } from 'kysely';
import {
  METRIC_COUNTERS,
  zeroCounters,
  type MetricCounters,
  type MetricEventDelta,
} from './metric-counters.js';
import { dailyKeyColumns, METRIC_DAILY_TABLES, type MetricDailyTable } from './metric-ddl.js';

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The key values of `row` in `table`, in `dailyKeyColumns` order. */
function keyOf(table: MetricDailyTable, row: MetricEventDelta): string[] {
  return [
    row.pipeline_id,
    ...(table.cohort ? [day(row.created_at)] : []),
    ...(table.occurred ? [day(row.occurred_at)] : []),
    row.stage,
    row.owner_id,
    row.source,
    row.currency,
    row.reason,
  ];
}

type DailyRow = { key: string[]; counters: MetricCounters };

/** Sums the rows per key of `table`, sorted by key so concurrent writers lock in one order. */
export function sumDaily(table: MetricDailyTable, rows: readonly MetricEventDelta[]): DailyRow[] {
  const sums = new Map<string, DailyRow>();
  for (const row of rows) {
    const key = keyOf(table, row);
    const id = JSON.stringify(key);
    let sum = sums.get(id);
    if (sum === undefined) {
      sum = { key, counters: zeroCounters() };
      sums.set(id, sum);
    }
    for (const c of METRIC_COUNTERS) sum.counters[c] += row[c];
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, sum]) => sum)
    .filter((sum) => METRIC_COUNTERS.some((c) => sum.counters[c] !== 0));
}

async function addDaily(
  db: QueryExecutorProvider,
  schema: string,
  table: MetricDailyTable,
  rows: readonly DailyRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const keys = dailyKeyColumns(table);
  const keyArrays = keys.map((name, i) => {
    const type = name.endsWith('_day') ? sql.raw('date[]') : sql.raw('text[]');
    return sql`${rows.map((r) => r.key[i] ?? '')}::${type}`;
  });
  const counterArrays = METRIC_COUNTERS.map(
    (c) => sql`${rows.map((r) => r.counters[c])}::bigint[]`,
  );
  const columns = sql.join([...keys, ...METRIC_COUNTERS].map((c) => sql.id(c)));
  const updates = sql.join(
    METRIC_COUNTERS.map((c) => sql`${sql.id(c)} = t.${sql.id(c)} + excluded.${sql.id(c)}`),
  );
  await sql`
    INSERT INTO ${sql.id(schema, table.name)} AS t (${columns})
    SELECT * FROM unnest(${sql.join([...keyArrays, ...counterArrays])})
    ON CONFLICT (${sql.join(keys.map((k) => sql.id(k)))}) DO UPDATE SET ${updates}
  `.execute(db);
}

async function insertEvents(
  db: QueryExecutorProvider,
  schema: string,
  rows: readonly MetricEventDelta[],
): Promise<void> {
  const text = (pick: (r: MetricEventDelta) => string) => sql`${rows.map(pick)}::text[]`;
  const stamp = (pick: (r: MetricEventDelta) => Date) =>
    sql`${rows.map((r) => pick(r).toISOString())}::timestamptz[]`;
  const columns = [
    'lead_id',
    'version',
    'pipeline_id',
    'owner_id',
    'source',
    'created_at',
    'occurred_at',
    'stage',
    'currency',
    'reason',
    ...METRIC_COUNTERS,
    'cycle_ms',
    'visit_ms',
  ];
  const arrays = [
    text((r) => r.lead_id),
    sql`${rows.map((r) => r.version)}::int[]`,
    text((r) => r.pipeline_id),
    text((r) => r.owner_id),
    text((r) => r.source),
    stamp((r) => r.created_at),
    stamp((r) => r.occurred_at),
    text((r) => r.stage),
    text((r) => r.currency),
    text((r) => r.reason),
    ...METRIC_COUNTERS.map((c) => sql`${rows.map((r) => r[c])}::bigint[]`),
    sql`${rows.map((r) => r.cycle_ms)}::bigint[]`,
    sql`${rows.map((r) => r.visit_ms)}::bigint[]`,
  ];
  await sql`
    INSERT INTO ${sql.id(schema, 'metric_events')} (${sql.join(columns.map((c) => sql.id(c)))})
    SELECT * FROM unnest(${sql.join(arrays)})
  `.execute(db);
}

/**
 * Writes one batch's metric rows into schema `schema`: the rows themselves into
 * `metric_events` (one multi-row insert) and their sums into each daily table (one
 * `unnest` upsert per table adding the deltas) — four statements whatever the batch size.
 * Run it in the transaction that moves the checkpoint, like the funnel writes.
 */
export async function applyMetricEvents(
  db: QueryExecutorProvider,
  schema: string,
  rows: readonly MetricEventDelta[],
): Promise<void> {
  if (rows.length === 0) return;
  await insertEvents(db, schema, rows);
  for (const table of METRIC_DAILY_TABLES) await addDaily(db, schema, table, sumDaily(table, rows));
}
