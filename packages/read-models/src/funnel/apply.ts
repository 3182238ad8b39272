import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import type pg from 'pg';
import type { MetricEventDelta } from '../metrics/metric-counters.js';
import { metricCellUpserts, writeMetricEvents } from '../metrics/apply-metrics.js';
import { runUpserts } from '../metrics/additive-cells.js';
import { appliedPositionAdvance } from '../applied-position.js';
import { dailyTablesDeferred } from '../deferred-daily-tables.js';
import { pgArrayLiteral } from '../pg-array-literal.js';
import { copyBinary, PgBinaryRows } from '../pg-binary-copy.js';
import { readModelSchemaName, type FunnelDaily, type Lead } from '../read-model-schema.js';

/** What one batch writes to a read-model version: the leads it changed and the counter deltas. */
export interface FunnelBatchWrite {
  /** The new state of every lead the batch changed (one row per lead). */
  leads: readonly Lead[];
  /** Counter deltas, at most one per funnel_daily key. */
  deltas: readonly FunnelDaily[];
  /** The metric rows of the applied events (`metric_events` and the daily metric tables). */
  metricEvents: readonly MetricEventDelta[];
}

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Plain code-unit order of the key, so every projector instance locks rows in the same order. */
function compareDeltaKeys(a: FunnelDaily, b: FunnelDaily): number {
  return (
    compareStrings(a.pipeline_id, b.pipeline_id) ||
    compareStrings(a.cohort_day, b.cohort_day) ||
    compareStrings(a.stage, b.stage) ||
    compareStrings(a.owner_id, b.owner_id) ||
    compareStrings(a.source, b.source)
  );
}

/**
 * Writes one batch's fold result into read-model `version` with a few set-based statements (one
 * round trip each, whatever the batch size): metric rows inserted (`writeMetricEvents`), then in
 * one statement (`runUpserts`) leads upserted from `unnest` arrays (a large batch's by COPY,
 * before), counter deltas added with `ON CONFLICT DO UPDATE SET n = t.n + excluded.n`, the
 * metric cells (`metricCellUpserts`) and the applied position. Keys are sorted first, so concurrent writers take row locks in one
 * order and cannot deadlock. A version being built may defer its daily tables
 * (`deferDailyTables`): its writers pass `deferrable`, and while the flag stands only `leads`
 * and `metric_events` are written. The live version never holds the flag (the deferred build
 * runs before the switch), so the live feed skips that check.
 *
 * Last in that statement, the version's applied position moves one forward (what the query
 * side's `ETag` derives from).
 *
 * Run it inside the transaction that also moves the checkpoint. A lead row is only replaced by
 * a higher version, so even a writer that slipped past the checkpoint lock cannot roll a lead
 * back.
 *
 * @param db any Kysely instance or transaction
 * @example await applyFunnelBatch(trx, 3, result);
 */
export async function applyFunnelBatch(
  db: QueryExecutorProvider,
  version: number,
  write: FunnelBatchWrite,
  opts: {
    deferrable?: boolean;
    /** The pg client `db` runs on (a transaction's own connection): metric rows go by COPY. */
    copyClient?: pg.ClientBase;
  } = {},
): Promise<void> {
  const schema = readModelSchemaName(version);
  const upserts: (RawBuilder<unknown> | undefined)[] = [];
  if (opts.copyClient !== undefined && write.leads.length >= COPY_LEADS_FROM) {
    await copyLeads(db, opts.copyClient, schema, write.leads);
  } else if (write.leads.length > 0) {
    upserts.push(leadsUpsert(schema, write.leads));
  }
  if (write.deltas.length > 0 || write.metricEvents.length > 0) {
    const daily = opts.deferrable !== true || !(await dailyTablesDeferred(db, version));
    await writeMetricEvents(db, schema, write.metricEvents, opts.copyClient);
    if (daily && write.deltas.length > 0) upserts.push(deltasUpsert(schema, write.deltas));
    if (daily) upserts.push(...metricCellUpserts(schema, write.metricEvents));
  }
  if (write.leads.length > 0 || write.deltas.length > 0 || write.metricEvents.length > 0) {
    upserts.push(appliedPositionAdvance(version));
  }
  await runUpserts(db, upserts);
}

const LEAD_COLUMN_LIST =
  'lead_id, pipeline_id, owner_id, source, created_at, cohort_day, stage, open_stage, ' +
  'furthest_position, status, currency, amount, stage_entered_at, closed_at, reason, version, ' +
  'last_occurred_at';
const LEAD_COLUMNS = sql.raw(LEAD_COLUMN_LIST);

/** Replaces a stored lead only by a higher version (`t` is the stored row). */
const LEAD_UPSERT = sql`
  ON CONFLICT (lead_id) DO UPDATE SET
    pipeline_id = excluded.pipeline_id,
    owner_id = excluded.owner_id,
    source = excluded.source,
    created_at = excluded.created_at,
    cohort_day = excluded.cohort_day,
    stage = excluded.stage,
    open_stage = excluded.open_stage,
    furthest_position = excluded.furthest_position,
    status = excluded.status,
    currency = excluded.currency,
    amount = excluded.amount,
    stage_entered_at = excluded.stage_entered_at,
    closed_at = excluded.closed_at,
    reason = excluded.reason,
    version = excluded.version,
    last_occurred_at = excluded.last_occurred_at
  WHERE t.version < excluded.version
`;

/** From this many leads a batch goes by COPY into a scratch table; fewer, by `unnest`. */
const COPY_LEADS_FROM = 500;

/**
 * The same upsert as {@link leadsUpsert}, for large batches: the rows go by binary COPY (on the
 * transaction's own connection) into a temporary copy of `leads`, from there into `leads`,
 * and the copy is dropped (a failure rolls its creation back). Formatting 17 array literals
 * per batch cost more CPU than the upsert itself.
 */
async function copyLeads(
  db: QueryExecutorProvider,
  client: pg.ClientBase,
  schema: string,
  rows: readonly Lead[],
) {
  await sql`CREATE TEMP TABLE lead_rows (LIKE ${sql.id(schema, 'leads')})`.execute(db);
  const payload = new PgBinaryRows(rows.length * 256);
  for (const l of rows) {
    payload.row(17);
    payload.text(l.lead_id);
    payload.text(l.pipeline_id);
    payload.text(l.owner_id);
    payload.text(l.source);
    payload.timestamptz(l.created_at.getTime());
    payload.date(l.cohort_day);
    payload.text(l.stage);
    payload.text(l.open_stage);
    payload.int4(l.furthest_position);
    payload.text(l.status);
    payload.text(l.currency);
    payload.int8(l.amount);
    payload.timestamptz(l.stage_entered_at.getTime());
    if (l.closed_at === null) payload.null();
    else payload.timestamptz(l.closed_at.getTime());
    if (l.reason === null) payload.null();
    else payload.text(l.reason);
    payload.int4(l.version);
    payload.timestamptz(l.last_occurred_at.getTime());
  }
  const copy = `COPY lead_rows (${LEAD_COLUMN_LIST}) FROM STDIN (FORMAT binary)`;
  await copyBinary(client, copy, payload.finish());
  // Byte order of the key, so concurrent writers lock rows in one order.
  await sql`
    INSERT INTO ${sql.id(schema, 'leads')} AS t (${LEAD_COLUMNS})
    SELECT ${LEAD_COLUMNS} FROM lead_rows ORDER BY lead_id COLLATE "C"
    ${LEAD_UPSERT}
  `.execute(db);
  await sql`DROP TABLE lead_rows`.execute(db);
}

function leadsUpsert(schema: string, rows: readonly Lead[]): RawBuilder<unknown> {
  const leads = [...rows].sort((a, b) => compareStrings(a.lead_id, b.lead_id));
  const col = (pick: (lead: Lead) => string | number | null) => pgArrayLiteral(leads.map(pick));
  return sql`
    INSERT INTO ${sql.id(schema, 'leads')} AS t (${LEAD_COLUMNS})
    SELECT * FROM unnest(
      ${col((l) => l.lead_id)}::text[],
      ${col((l) => l.pipeline_id)}::text[],
      ${col((l) => l.owner_id)}::text[],
      ${col((l) => l.source)}::text[],
      ${col((l) => iso(l.created_at))}::timestamptz[],
      ${col((l) => l.cohort_day)}::date[],
      ${col((l) => l.stage)}::text[],
      ${col((l) => l.open_stage)}::text[],
      ${col((l) => l.furthest_position)}::int[],
      ${col((l) => l.status)}::text[],
      ${col((l) => l.currency)}::text[],
      ${col((l) => l.amount)}::bigint[],
      ${col((l) => iso(l.stage_entered_at))}::timestamptz[],
      ${col((l) => isoOrNull(l.closed_at))}::timestamptz[],
      ${col((l) => l.reason)}::text[],
      ${col((l) => l.version)}::int[],
      ${col((l) => iso(l.last_occurred_at))}::timestamptz[]
    )
    ${LEAD_UPSERT}
  `;
}

function deltasUpsert(schema: string, rows: readonly FunnelDaily[]): RawBuilder<unknown> {
  const deltas = [...rows].sort(compareDeltaKeys);
  const col = (pick: (delta: FunnelDaily) => string | number) => pgArrayLiteral(deltas.map(pick));
  return sql`
    INSERT INTO ${sql.id(schema, 'funnel_daily')} AS t (
      pipeline_id, cohort_day, stage, owner_id, source, reached, touched, current, lost
    )
    SELECT * FROM unnest(
      ${col((d) => d.pipeline_id)}::text[],
      ${col((d) => d.cohort_day)}::date[],
      ${col((d) => d.stage)}::text[],
      ${col((d) => d.owner_id)}::text[],
      ${col((d) => d.source)}::text[],
      ${col((d) => d.reached)}::bigint[],
      ${col((d) => d.touched)}::bigint[],
      ${col((d) => d.current)}::bigint[],
      ${col((d) => d.lost)}::bigint[]
    )
    ON CONFLICT (pipeline_id, cohort_day, stage, owner_id, source) DO UPDATE SET
      reached = t.reached + excluded.reached,
      touched = t.touched + excluded.touched,
      current = t.current + excluded.current,
      lost = t.lost + excluded.lost
  `;
}
