import { splitMonths, type Grain } from './cell-grain.js';
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

/** A part of the whole days, summed from one table's cells in these ranges. */
export interface CellPart<T> {
  table: T;
  created: MsRange;
  occurred: MsRange;
}

/**
 * The tables and ranges whose cells sum to the whole days of a scope, without overlap. A
 * window bounded on both axes reads the daily table with both day columns. A window on one
 * axis (an unbounded one counts as the cohort axis) reads its whole months from the monthly
 * table of that axis and only the days around them from the daily one, unless `months` is
 * false (a timeseries by day or week needs every day). A window bounded on neither axis reads
 * the all-time table, when `tables` has one (and `months` is true).
 */
export function planCells<T extends CellTableShape>(
  tables: readonly T[],
  whole: WholeDays,
  months: boolean,
): CellPart<T>[] {
  const total = tables.find((t) => t.grain === 'all');
  if (months && total !== undefined && !whole.cohort && !whole.occurredDays) {
    return [{ table: total, created: whole.created, occurred: whole.occurred }];
  }
  const cohort = whole.cohort || !whole.occurredDays;
  const occurred = whole.occurredDays;
  const find = (grain: Grain) =>
    tables.find((t) => t.grain === grain && t.cohort === cohort && t.occurred === occurred);
  const daily = find('day');
  if (daily === undefined) throw new Error('no daily cell table for the plan');
  const monthly = cohort && occurred ? undefined : find('month');
  const all = [{ table: daily, created: whole.created, occurred: whole.occurred }];
  if (!months || monthly === undefined) return all;
  const range = cohort ? whole.created : whole.occurred;
  const split = splitMonths(range);
  if (split.months === null) return all;
  const on = (table: T, r: MsRange): CellPart<T> =>
    cohort
      ? { table, created: r, occurred: whole.occurred }
      : { table, created: whole.created, occurred: r };
  return [on(monthly, split.months), ...split.days.map((r) => on(daily, r))];
}
