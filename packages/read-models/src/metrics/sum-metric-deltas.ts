import { sql, type Kysely, type RawBuilder } from 'kysely';
import { METRIC_COUNTERS, zeroCounters, type MetricCounters } from './metric-counters.js';
import { splitUnits, timeColumn } from './cell-grain.js';
import { planCells } from './cell-plan.js';
import { METRIC_CELL_TABLES } from './metric-ddl.js';
import type { MetricScope, MsRange } from './metric-scope.js';
import { rollupIs } from './rollup.js';
import { cutBoxHours, hourlyBranch } from './activity-hourly.js';
import { sqlId, sqlRef, sqlText } from '../sql-text.js';
import { counterColumns, SUMMED_COUNTERS } from './counter-columns.js';

/** Summed counters of one (stage, currency, reason) key. */
export interface KeyedSums {
  stage: string;
  currency: string;
  reason: string;
  sums: MetricCounters;
}

/**
 * The keys besides the stage that sums are grouped by: a metric that needs neither the
 * currency nor the reason gets one row per stage instead of one per stage × currency × reason
 * (at 100 k leads, 96 rows of 15 columns for the all-time funnel, 8 by stage).
 */
export type SumKey = 'currency' | 'reason';

/** Timeseries bucket size (Postgres `date_trunc` units; weeks start on Monday). */
export type Interval = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayText = (ms: number) => iso(ms).slice(0, 10);

/** Whole UTC days inside a range (`null` when none) and the at most two partial edges. */
export const splitDays = (range: MsRange): { whole: MsRange | null; edges: MsRange[] } =>
  splitUnits(range, DAY_MS);

export const bounded = (r: MsRange) => Number.isFinite(r.from) || Number.isFinite(r.to);

export function rangeWhere(column: string, r: MsRange, asDay: boolean): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const col = sqlRef(column);
  if (Number.isFinite(r.from)) {
    where.push(
      asDay ? sql`${col} >= ${dayText(r.from)}::date` : sql`${col} >= ${iso(r.from)}::timestamptz`,
    );
  }
  if (Number.isFinite(r.to)) {
    where.push(
      asDay ? sql`${col} < ${dayText(r.to)}::date` : sql`${col} < ${iso(r.to)}::timestamptz`,
    );
  }
  return where;
}

export function dimsWhere(scope: MetricScope): RawBuilder<unknown>[] {
  const where = [sql`pipeline_id = ${scope.pipelineId}`];
  if (scope.ownerId !== undefined) where.push(sql`owner_id = ${scope.ownerId}`);
  if (scope.source !== undefined) where.push(sql`source = ${scope.source}`);
  return where;
}

/**
 * The (created × occurred) plane of a scope cut into parts that do not overlap: whole UTC days
 * of both ranges (`whole`, summed from a daily table; `cohort`/`occurred` say which day columns
 * its bounds need) and boxes of partial days at the edges (summed from `metric_events`). A box
 * with sign -1 is subtracted: the rest of a day that `whole` holds in full.
 */
export interface PlaneCut {
  whole: { created: MsRange; occurred: MsRange; cohort: boolean; occurredDays: boolean } | null;
  boxes: [created: MsRange, occurred: MsRange, sign: 1 | -1][];
}

/**
 * Whole days and edges of an occurred range, an edge longer than half a day read as its whole
 * day (moved into `whole`) minus the rest of that day: the events read from `metric_events`
 * are then at most half a day's, whatever the time of day of the bound (an `asOf` late in a
 * day read up to a whole day of events).
 */
function shortEdges(whole: MsRange, edges: MsRange[]) {
  let { from, to } = whole;
  const out: [MsRange, 1 | -1][] = [];
  for (const edge of edges) {
    if (edge.to - edge.from <= DAY_MS / 2) out.push([edge, 1]);
    else if (edge.from === whole.to) {
      out.push([{ from: edge.to, to: whole.to + DAY_MS }, -1]);
      to = whole.to + DAY_MS;
    } else {
      out.push([{ from: whole.from - DAY_MS, to: edge.from }, -1]);
      from = whole.from - DAY_MS;
    }
  }
  return { whole: { from, to }, edges: out };
}

/**
 * Cuts the plane; `byOccurredDay` keeps the occurred day even when unbounded (timeseries);
 * `subtract` lets a long occurred edge be read as its day minus the rest ({@link shortEdges}),
 * for sums that do not keep a row per day.
 */
export function cutPlane(
  created: MsRange,
  occurred: MsRange,
  byOccurredDay = false,
  subtract = false,
): PlaneCut {
  const c = splitDays(created);
  const split = splitDays(occurred);
  const o =
    subtract && c.whole !== null && split.whole !== null
      ? shortEdges(split.whole, split.edges)
      : { whole: split.whole, edges: split.edges.map((e): [MsRange, 1 | -1] => [e, 1]) };
  const whole =
    c.whole !== null && o.whole !== null
      ? {
          created: c.whole,
          occurred: o.whole,
          cohort: bounded(c.whole),
          occurredDays: bounded(o.whole) || byOccurredDay,
        }
      : null;
  const boxes: PlaneCut['boxes'] = [
    ...c.edges.map((edge): PlaneCut['boxes'][number] => [edge, occurred, 1]),
    ...(c.whole === null
      ? []
      : o.edges.map(([edge, sign]): PlaneCut['boxes'][number] => [c.whole ?? edge, edge, sign])),
  ];
  return { whole, boxes };
}

/** `stage` and the keys summed by, per set of keys. */
const groupings = new Map<string, RawBuilder<unknown>>();
function groupedBy(keys: readonly SumKey[]): RawBuilder<unknown> {
  const name = keys.join(',');
  let text = groupings.get(name);
  if (text === undefined) {
    text = sqlText(sql.join([sql.id('stage'), ...keys.map((k) => sql.id(k))]));
    groupings.set(name, text);
  }
  return text;
}

function branch(
  schema: string,
  table: string,
  where: RawBuilder<unknown>[],
  sign: 1 | -1 = 1,
): RawBuilder<unknown> {
  return sql`SELECT stage, currency, reason, ${counterColumns(sign)}
    FROM ${sqlId(schema, table)} WHERE ${sql.join(where, sql` AND `)}`;
}

/**
 * The parts of the (created × occurred) plane of `scope`, as `UNION ALL` branches of
 * (stage, currency, reason, every counter) rows: whole UTC days summed from the cell
 * tables whose key has just the time columns the bounds need — whole months from the monthly
 * cells and the days around them from the daily ones (`planCells`), a bounded number of rows —
 * and the partial days at the edges of either range, from `metric_events` through its
 * (pipeline, created_at) and (pipeline, occurred_at) indexes (an occurred edge longer than half
 * a day as its whole day minus the rest, subtracted) — the whole hours of an occurred edge of
 * every cohort from the hourly cells, when the scope is the summed rollup. The parts do not
 * overlap, so their sum is exact.
 */
function planeParts(
  schema: string,
  scope: MetricScope,
  created: MsRange,
  occurred: MsRange,
): RawBuilder<unknown>[] {
  const cut = cutPlane(created, occurred, false, true);
  const dims = dimsWhere(scope);
  const branches: RawBuilder<unknown>[] = [];
  const plan = cut.whole === null ? [] : planCells(METRIC_CELL_TABLES, cut.whole, true, scope.now);
  for (const part of plan) {
    const { table } = part;
    const where = [
      ...dims,
      rollupIs(scope),
      ...(table.cohort ? rangeWhere(timeColumn('cohort', table.grain), part.created, true) : []),
      ...(table.occurred
        ? rangeWhere(timeColumn('occurred', table.grain), part.occurred, true)
        : []),
    ];
    branches.push(branch(schema, table.name, where, part.sign));
  }
  const events = (cr: MsRange, or: MsRange, sign: 1 | -1) =>
    branch(
      schema,
      'metric_events',
      [...dims, ...rangeWhere('created_at', cr, false), ...rangeWhere('occurred_at', or, false)],
      sign,
    );
  for (const [cr, or, sign] of cut.boxes) {
    // A partial day of every cohort: its whole hours from the hourly cells, when they fit.
    const split = cutBoxHours(scope, cr, or);
    if (split.hours !== null) {
      branches.push(hourlyBranch(schema, scope.pipelineId, split.hours, sign));
    }
    for (const edge of split.edges) branches.push(events(cr, edge, sign));
  }
  return branches;
}

/**
 * Sums the metric counters of the events of `scope` (dimensions) whose lead was created in
 * `created` and that occurred in `occurred`, grouped by stage and `keys` (a key not grouped by
 * reads as ''; the parts: {@link planeParts}).
 */
export async function sumMetricDeltas<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  created: MsRange,
  occurred: MsRange,
  keys: readonly SumKey[] = ['currency', 'reason'],
): Promise<KeyedSums[]> {
  const branches = planeParts(schema, scope, created, occurred);
  if (branches.length === 0) return [];
  const grouped = groupedBy(keys);
  const { rows } = await sql<Record<string, string | null>>`
    SELECT ${grouped}, ${SUMMED_COUNTERS}
    FROM (${sql.join(branches, sql` UNION ALL `)}) AS parts
    GROUP BY ${grouped}
  `.execute(db);
  return rows.map((row) => {
    const counters = zeroCounters();
    for (const k of METRIC_COUNTERS) counters[k] = Number(row[k] ?? 0);
    return {
      stage: row.stage ?? '',
      currency: row.currency ?? '',
      reason: row.reason ?? '',
      sums: counters,
    };
  });
}
