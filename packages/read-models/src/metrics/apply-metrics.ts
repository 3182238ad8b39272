import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { METRIC_COUNTERS, type MetricEventDelta } from './metric-counters.js';
import { pgArrayLiteral } from '../pg-array-literal.js';
import { copyBinary, PgBinaryRows } from '../pg-binary-copy.js';
import { cellUpsert, sumCells } from './additive-cells.js';
import { cellKeyColumns, METRIC_CELL_TABLES, metricEventCounterType } from './metric-ddl.js';
import { seriesUpserts } from './series-cells.js';
import { wonHistogramUpserts } from './won-histogram.js';
import { fineHistogramUpsert } from './fine-histogram.js';
import { activityHourlyUpsert } from './activity-hourly.js';
import { hourlyHistogramUpsert } from './won-histogram-hourly.js';
import { fineMonthlyUpsert } from './fine-monthly.js';
import { wonStatsStaleUpsert } from './won-stats-total.js';

type Value = string | number | null;

/** A column of `metric_events` and how to read it from a row; `ms`: epoch ms of a timestamptz. */
type EventColumn = [
  name: string,
  type: 'text' | 'smallint' | 'int' | 'bigint' | 'ms',
  pick: (r: MetricEventDelta) => Value,
];

const EVENT_COLUMNS: readonly EventColumn[] = [
  ['lead_id', 'text', (r) => r.lead_id],
  ['version', 'int', (r) => r.version],
  ['pipeline_id', 'text', (r) => r.pipeline_id],
  ['owner_id', 'text', (r) => r.owner_id],
  ['source', 'text', (r) => r.source],
  ['created_at', 'ms', (r) => r.created_at.getTime()],
  ['occurred_at', 'ms', (r) => r.occurred_at.getTime()],
  ['stage', 'text', (r) => r.stage],
  ['currency', 'text', (r) => r.currency],
  ['reason', 'text', (r) => r.reason],
  ...METRIC_COUNTERS.map((c): EventColumn => [c, metricEventCounterType(c), (r) => r[c]]),
  ['cycle_ms', 'bigint', (r) => r.cycle_ms],
  ['visit_ms', 'bigint', (r) => r.visit_ms],
];

/**
 * One multi-row insert from `unnest` arrays. Timestamps travel as epoch milliseconds (exact
 * integer arithmetic on the server), which is much cheaper to format than ISO text.
 */
async function insertEvents(
  db: QueryExecutorProvider,
  schema: string,
  rows: readonly MetricEventDelta[],
): Promise<void> {
  const arrays = EVENT_COLUMNS.map(([, type, pick]) => {
    const element = sql.raw(type === 'ms' ? 'bigint' : type);
    return sql`${pgArrayLiteral(rows.map(pick))}::${element}[]`;
  });
  const values = EVENT_COLUMNS.map(([name, type]) =>
    type === 'ms'
      ? sql`timestamptz 'epoch' + ${sql.id(name)} * interval '1 millisecond'`
      : sql.id(name),
  );
  const names = sql.join(EVENT_COLUMNS.map(([name]) => sql.id(name)));
  await sql`
    INSERT INTO ${sql.id(schema, 'metric_events')} (${names})
    SELECT ${sql.join(values)} FROM unnest(${sql.join(arrays)}) AS r(${names})
  `.execute(db);
}

/**
 * The rows by binary COPY on `client` (the transaction's own connection): no text formatting
 * of numbers and timestamps on either side, a fraction of the CPU of `insertEvents`.
 */
async function copyEvents(
  client: pg.ClientBase,
  schema: string,
  rows: readonly MetricEventDelta[],
): Promise<void> {
  const payload = new PgBinaryRows(rows.length * 160);
  for (const row of rows) {
    payload.row(EVENT_COLUMNS.length);
    for (const [, type, pick] of EVENT_COLUMNS) {
      const value = pick(row);
      if (value === null) payload.null();
      else if (typeof value === 'string') payload.text(value);
      else if (type === 'smallint') payload.int2(value);
      else if (type === 'int') payload.int4(value);
      else if (type === 'ms') payload.timestamptz(value);
      else payload.int8(value);
    }
  }
  const names = EVENT_COLUMNS.map(([name]) => name).join(', ');
  const table = `"${schema}".metric_events`;
  await copyBinary(client, `COPY ${table} (${names}) FROM STDIN (FORMAT binary)`, payload.finish());
}

/**
 * Writes one batch's metric rows into `metric_events` of `schema` (binary COPY on `copyClient`
 * when the caller has the transaction's pg client, else one multi-row insert). Their sums go to
 * the cell tables by `metricCellUpserts`. Run both in the transaction that moves the
 * checkpoint, like the funnel writes.
 */
export async function writeMetricEvents(
  db: QueryExecutorProvider,
  schema: string,
  rows: readonly MetricEventDelta[],
  copyClient?: pg.ClientBase,
): Promise<void> {
  if (rows.length === 0) return;
  if (copyClient === undefined) await insertEvents(db, schema, rows);
  else await copyEvents(copyClient, schema, rows);
}

/**
 * The upserts adding the sums of `rows` to each daily, monthly and series table of `schema`
 * and their won deals to each won-deal histogram (one `unnest` upsert per table adding the
 * deltas; run them together with `runUpserts`), and the all-time cells whose won deals change
 * marked stale in `won_stats_total`. None for no rows.
 */
export function metricCellUpserts(
  schema: string,
  rows: readonly MetricEventDelta[],
): (RawBuilder<unknown> | undefined)[] {
  if (rows.length === 0) return [];
  const metricCells = METRIC_CELL_TABLES.map((table) => {
    const keys = cellKeyColumns(table);
    return cellUpsert(
      schema,
      table.name,
      keys,
      METRIC_COUNTERS,
      sumCells(keys, METRIC_COUNTERS, rows),
    );
  });
  return [
    ...metricCells,
    ...seriesUpserts(schema, rows),
    ...wonHistogramUpserts(schema, rows),
    fineHistogramUpsert(schema, rows),
    hourlyHistogramUpsert(schema, rows),
    fineMonthlyUpsert(schema, rows),
    activityHourlyUpsert(schema, rows),
    wonStatsStaleUpsert(schema, rows),
  ];
}
