import { monthAround, splitMonths, type Grain } from './cell-grain.js';
import type { MsRange } from './metric-scope.js';

/** A table of cells: which time axes its key has, at which grain. */
export interface CellTableShape {
  cohort: boolean;
  occurred: boolean;
  grain: Grain;
}

/** Whole days of the (created × occurred) plane, and which axes bound them. */
export interface WholeDays {
  created: MsRange;
  occurred: MsRange;
  cohort: boolean;
  occurredDays: boolean;
}

/** A part of the whole days, summed from one table's cells in these ranges (sign -1: subtracted). */
export interface CellPart<T> {
  table: T;
  created: MsRange;
  occurred: MsRange;
  sign: 1 | -1;
}

/** Months from the one starting at `ms` through the one holding `now`. */
const monthsThrough = (ms: number, now: number): number => {
  const a = new Date(ms);
  const b = new Date(now);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
};

/** Up to how many months after a range's end all time minus them is read instead. */
const MONTHS_AFTER = 3;

/**
 * Whether `months` (all months up to a finite end) is read as all time minus the months from
 * its end on: when at most {@link MONTHS_AFTER} of them lie before `now` (an `asOf` of the last
 * weeks). Cells of later months count too, so the sum is exact either way; `now` only says which
 * way reads fewer.
 */
function fewMonthsAfter(months: MsRange, now: number | undefined): boolean {
  return (
    now !== undefined &&
    months.from === -Infinity &&
    Number.isFinite(months.to) &&
    monthsThrough(months.to, now) <= MONTHS_AFTER
  );
}

/**
 * The tables and ranges whose cells, summed with their signs, are the whole days of a scope. A
 * window bounded on both axes reads the daily table with both day columns. A window on one
 * axis (an unbounded one counts as the cohort axis) reads its whole months from the monthly
 * table of that axis and only the days around them from the daily one, unless `months` is
 * false (a timeseries by day or week needs every day); days covering more than half their
 * month are read as the month minus the month's other days, subtracted, so an edge costs at
 * most half a month of daily cells. A window bounded on neither axis reads the all-time table,
 * when `tables` has one (and `months` is true); so do the months up to an end in the last few
 * months before `now`, as all time minus the months after ({@link fewMonthsAfter}).
 */
export function planCells<T extends CellTableShape>(
  tables: readonly T[],
  whole: WholeDays,
  months: boolean,
  now?: number,
): CellPart<T>[] {
  const total = tables.find((t) => t.grain === 'all');
  const allTime =
    total === undefined
      ? undefined
      : { table: total, created: whole.created, occurred: whole.occurred, sign: 1 as const };
  if (months && allTime !== undefined && !whole.cohort && !whole.occurredDays) return [allTime];
  const cohort = whole.cohort || !whole.occurredDays;
  const occurred = whole.occurredDays;
  const find = (grain: Grain) =>
    tables.find((t) => t.grain === grain && t.cohort === cohort && t.occurred === occurred);
  const daily = find('day');
  if (daily === undefined) throw new Error('no daily cell table for the plan');
  const monthly = cohort && occurred ? undefined : find('month');
  const all: CellPart<T>[] = [
    { table: daily, created: whole.created, occurred: whole.occurred, sign: 1 },
  ];
  if (!months || monthly === undefined) return all;
  const range = cohort ? whole.created : whole.occurred;
  const split = splitMonths(range);
  const on = (table: T, r: MsRange, sign: 1 | -1 = 1): CellPart<T> =>
    cohort
      ? { table, created: r, occurred: whole.occurred, sign }
      : { table, created: whole.created, occurred: r, sign };
  const parts: CellPart<T>[] = [];
  const before = split.months;
  if (before !== null && allTime !== undefined && fewMonthsAfter(before, now)) {
    // All time minus the months from the end on: fewer cells than every month before it.
    parts.push(allTime, on(monthly, { from: before.to, to: Infinity }, -1));
  } else if (before !== null) parts.push(on(monthly, before));
  for (const days of split.days) {
    const month = monthAround(days.from);
    const rest = [
      { from: month.from, to: days.from },
      { from: days.to, to: month.to },
    ].filter((r) => r.from < r.to);
    const restMs = rest.reduce((sum, r) => sum + r.to - r.from, 0);
    if (restMs < days.to - days.from) {
      parts.push(on(monthly, month), ...rest.map((r) => on(daily, r, -1)));
    } else parts.push(on(daily, days));
  }
  return parts;
}
