import type { MsRange } from './metric-scope.js';

/**
 * The time grain of a table of cells: daily cells answer any whole-day bound; monthly cells
 * beside them answer the whole months inside a window with ~30 × fewer rows, so a year-long
 * window reads ~12 monthly cells and at most ~60 daily cells at its edges per key; an
 * all-time table (`all`: no time column) answers a scope with no time bound in one cell per key.
 */
export type Grain = 'day' | 'month' | 'all';

/** The key column of a time axis at a grain: `cohort_day`, `occurred_month`, … */
export const timeColumn = (axis: 'cohort' | 'occurred', grain: Grain): string => `${axis}_${grain}`;

/** The time columns of a table's key, cohort first. */
export function timeColumns(table: { cohort: boolean; occurred: boolean; grain: Grain }) {
  return [
    ...(table.cohort ? [timeColumn('cohort', table.grain)] : []),
    ...(table.occurred ? [timeColumn('occurred', table.grain)] : []),
  ];
}

/** Whether a key column holds a date (a day, or the first day of a month). */
export const isTimeColumn = (name: string): boolean =>
  name.endsWith('_day') || name.endsWith('_month');

/**
 * The leading columns of a cell key (pipeline, rollup, …), through its last time column: the
 * order the deferred build writes cells in, so that a range of days reads adjacent pages.
 * Ordering by the rest of the key too would cost text comparisons for no fewer pages.
 */
export function clusterColumns(key: readonly string[]): string[] {
  let last = -1;
  key.forEach((name, i) => {
    if (isTimeColumn(name)) last = i;
  });
  return key.slice(0, last + 1);
}

const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The UTC hour of `ms`, as hours since the epoch: the `occurred_hour` of a cell. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
/** Per UTC day number, its `YYYY-MM-DD` and the one of its month's first day. */
const dayTexts = new Map<number, readonly [string, string]>();

/**
 * `YYYY-MM-DD` of the UTC day of `ms`, or of the first day of its UTC month. Every applied
 * event asks this for each date column of each cell table and rollup, so the texts of the days
 * seen are kept (a chunk's events span few days).
 */
export function cellDate(grain: Grain, ms: number): string {
  const dayNumber = Math.floor(ms / DAY_MS);
  let texts = dayTexts.get(dayNumber);
  if (texts === undefined) {
    if (dayTexts.size >= 100_000) dayTexts.clear();
    const day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    texts = [day, `${day.slice(0, 8)}01`];
    dayTexts.set(dayNumber, texts);
  }
  return grain === 'day' ? texts[0] : texts[1];
}

/**
 * Whole units (UTC days, hours: `unit` ms from the epoch) inside a range (`null` when none)
 * and the at most two partial edges. The parts do not overlap and together are `range`.
 */
export function splitUnits(
  range: MsRange,
  unit: number,
): { whole: MsRange | null; edges: MsRange[] } {
  if (!(range.from < range.to)) return { whole: null, edges: [] };
  const first = Math.ceil(range.from / unit) * unit;
  const end = Math.floor(range.to / unit) * unit;
  if (!(first < end)) return { whole: null, edges: [range] };
  const edges: MsRange[] = [];
  if (range.from < first) edges.push({ from: range.from, to: first });
  if (end < range.to) edges.push({ from: end, to: range.to });
  return { whole: { from: first, to: end }, edges };
}

/** The first instant of the UTC month of `ms`. */
const monthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** The first instant of the UTC month after the one of `ms`. */
const nextMonthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** The UTC month that holds `ms`, from its first instant to the next month's. */
export const monthAround = (ms: number): MsRange => ({
  from: monthStart(ms),
  to: nextMonthStart(ms),
});

/**
 * Cuts a range of whole days into the whole UTC months inside it (`months`, `null` when none)
 * and the days before and after them (`days`, at most two ranges, each inside one month). An
 * infinite end stays infinite: every month before (or after) counts as whole. The parts do not
 * overlap and together are exactly `range`.
 */
export function splitMonths(range: MsRange): { months: MsRange | null; days: MsRange[] } {
  if (!(range.from < range.to)) return { months: null, days: [] };
  const first = Number.isFinite(range.from)
    ? range.from === monthStart(range.from)
      ? range.from
      : nextMonthStart(range.from)
    : -Infinity;
  const end = Number.isFinite(range.to) ? monthStart(range.to) : Infinity;
  if (!(first < end)) {
    // No whole month, but the range may still cross into the next one: cut it there.
    const crosses = range.from < end && end < range.to;
    return {
      months: null,
      days: crosses
        ? [
            { from: range.from, to: end },
            { from: end, to: range.to },
          ]
        : [range],
    };
  }
  const days: MsRange[] = [];
  if (range.from < first) days.push({ from: range.from, to: first });
  if (end < range.to) days.push({ from: end, to: range.to });
  return { months: { from: first, to: end }, days };
}

/**
 * Monthly cells are read by their key alone (`INCLUDE` holds the values, so a read is
 * index-only) and past months change rarely, so autovacuum keeps their visibility map current
 * on every 2 % of changed rows; a fill factor leaves room for in-page (HOT) updates of the
 * current month's cells.
 */
export const MONTHLY_STORAGE =
  ' WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)';
