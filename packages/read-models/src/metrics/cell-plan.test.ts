import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellDate, splitMonths } from './cell-grain.js';
import { planCells, type CellTableShape } from './cell-plan.js';
import type { MsRange } from './metric-scope.js';

const DAY = 86_400_000;
const ALL: MsRange = { from: -Infinity, to: Infinity };
const at = (iso: string) => Date.parse(iso);

/** Whole-day bounds from 2024-11-01 over ~200 days, or open. */
const dayBound = fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined });
const wholeDays = fc.tuple(dayBound, dayBound).map(([a, b]): MsRange => {
  const ms = (d: number | undefined, open: number) =>
    d === undefined ? open : at('2024-11-01T00:00:00Z') + d * DAY;
  const [from, to] = [ms(a, -Infinity), ms(b, Infinity)];
  return from <= to ? { from, to } : { from: to, to: from };
});

const isMonthStart = (ms: number) =>
  !Number.isFinite(ms) || cellDate('month', ms) === cellDate('day', ms);

describe('cellDate', () => {
  it('names the UTC day and month of any instant, at the first and last millisecond of a day too', () => {
    const instant = fc.oneof(
      fc.integer({ min: -3_000 * DAY, max: 30_000 * DAY }),
      fc.integer({ min: -3_000, max: 30_000 }).map((d) => d * DAY),
      fc.integer({ min: -3_000, max: 30_000 }).map((d) => d * DAY - 1),
    );
    fc.assert(
      fc.property(instant, (ms) => {
        const iso = new Date(ms).toISOString();
        expect(cellDate('day', ms)).toBe(iso.slice(0, 10));
        expect(cellDate('month', ms)).toBe(`${iso.slice(0, 7)}-01`);
      }),
    );
  });
});

describe('splitMonths', () => {
  it('cuts whole days into whole months and the days around them, exactly and without overlap', () => {
    fc.assert(
      fc.property(wholeDays, (range) => {
        const { months, days } = splitMonths(range);
        const parts = [...(months === null ? [] : [months]), ...days].sort(
          (a, b) => a.from - b.from,
        );
        if (!(range.from < range.to)) {
          expect(parts).toEqual([]);
          return;
        }
        // Contiguous from range.from to range.to: no gap, no overlap.
        expect(parts[0]?.from).toBe(range.from);
        expect(parts[parts.length - 1]?.to).toBe(range.to);
        for (let i = 1; i < parts.length; i++) expect(parts[i]?.from).toBe(parts[i - 1]?.to);
        if (months !== null) {
          expect(isMonthStart(months.from) && isMonthStart(months.to)).toBe(true);
        }
        // The days around the months never hold a whole month: they lie within one month each.
        for (const d of days) expect(splitMonths(d).months).toBeNull();
        if (months !== null) {
          for (const d of days) expect(cellDate('month', d.from)).toBe(cellDate('month', d.to - 1));
        }
      }),
    );
  });

  it('reads a month from its first midnight to the next, and open ends as whole months', () => {
    expect(
      splitMonths({ from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') }),
    ).toEqual({
      months: { from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') },
      days: [],
    });
    expect(
      splitMonths({ from: at('2025-03-02T00:00:00Z'), to: at('2025-04-01T00:00:00Z') }),
    ).toEqual({
      months: null,
      days: [{ from: at('2025-03-02T00:00:00Z'), to: at('2025-04-01T00:00:00Z') }],
    });
    expect(splitMonths({ from: -Infinity, to: at('2025-02-10T00:00:00Z') })).toEqual({
      months: { from: -Infinity, to: at('2025-02-01T00:00:00Z') },
      days: [{ from: at('2025-02-01T00:00:00Z'), to: at('2025-02-10T00:00:00Z') }],
    });
    expect(splitMonths({ from: at('2024-12-31T00:00:00Z'), to: Infinity })).toEqual({
      months: { from: at('2025-01-01T00:00:00Z'), to: Infinity },
      days: [{ from: at('2024-12-31T00:00:00Z'), to: at('2025-01-01T00:00:00Z') }],
    });
  });
});

describe('planCells', () => {
  const tables: (CellTableShape & { name: string })[] = [
    { name: 'cohort', cohort: true, occurred: false, grain: 'day' },
    { name: 'activity', cohort: false, occurred: true, grain: 'day' },
    { name: 'cross', cohort: true, occurred: true, grain: 'day' },
    { name: 'cohort_m', cohort: true, occurred: false, grain: 'month' },
    { name: 'activity_m', cohort: false, occurred: true, grain: 'month' },
  ];
  const may = '2025-05-01T00:00:00Z';
  const withTotal = [
    ...tables,
    { name: 'total', cohort: false, occurred: false, grain: 'all' as const },
  ];

  it('reads all time from the monthly cohort cells alone', () => {
    const plan = planCells(
      tables,
      { created: ALL, occurred: ALL, cohort: false, occurredDays: false },
      true,
    );
    expect(plan.map((p) => [p.table.name, p.created])).toEqual([['cohort_m', ALL]]);
  });

  it('reads an activity window as months on its axis and days at its edges', () => {
    const occurred = { from: at('2025-03-20T00:00:00Z'), to: at('2025-05-03T00:00:00Z') };
    const plan = planCells(
      tables,
      { created: ALL, occurred, cohort: false, occurredDays: true },
      true,
    );
    expect(plan.map((p) => [p.table.name, p.occurred.from, p.occurred.to])).toEqual([
      ['activity_m', at('2025-04-01T00:00:00Z'), at(may)],
      ['activity', occurred.from, at('2025-04-01T00:00:00Z')],
      ['activity', at(may), occurred.to],
    ]);
  });

  it('keeps days for two bounded axes, and for a timeseries by day or week', () => {
    const created = { from: at('2025-01-01T00:00:00Z'), to: at(may) };
    const both = planCells(
      tables,
      { created, occurred: created, cohort: true, occurredDays: true },
      true,
    );
    expect(both.map((p) => p.table.name)).toEqual(['cross']);
    const byDay = planCells(
      tables,
      { created, occurred: ALL, cohort: true, occurredDays: false },
      false,
    );
    expect(byDay.map((p) => p.table.name)).toEqual(['cohort']);
  });

  it('sums, with its signs, to every whole day of a one-axis window once, reading at most half a month at an edge', () => {
    const start = at('2024-11-01T00:00:00Z');
    fc.assert(
      fc.property(
        wholeDays,
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 240 }), { nil: undefined }),
        (range, onCohort, nowDay) => {
          if (!Number.isFinite(range.from) && !Number.isFinite(range.to)) return;
          const whole = onCohort
            ? { created: range, occurred: ALL, cohort: true, occurredDays: false }
            : { created: ALL, occurred: range, cohort: false, occurredDays: true };
          // With the all-time cells and a `now`, a range open at its start may read all time
          // minus the months after it.
          const now = nowDay === undefined ? undefined : start + nowDay * DAY;
          const plan = planCells(withTotal, whole, true, now);
          const axis = (p: (typeof plan)[number]) =>
            p.table.grain === 'all' ? ALL : onCohort ? p.created : p.occurred;
          for (let d = -40; d < 240; d++) {
            const day = start + d * DAY;
            const counted = plan
              .filter((p) => axis(p).from <= day && day < axis(p).to)
              .reduce((sum, p) => sum + p.sign, 0);
            expect(counted).toBe(range.from <= day && day < range.to ? 1 : 0);
          }
          const dailyMs = plan
            .filter((p) => p.table.grain === 'day')
            .reduce((sum, p) => sum + axis(p).to - axis(p).from, 0);
          expect(dailyMs).toBeLessThanOrEqual(31 * DAY);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads up to an instant of the last months as all time minus the months after it', () => {
    const occurred = { from: -Infinity, to: at('2025-10-05T00:00:00Z') };
    const whole = { created: ALL, occurred, cohort: false, occurredDays: true };
    const late = planCells(withTotal, whole, true, at('2025-12-03T00:00:00Z'));
    expect(late.map((p) => [p.table.name, p.occurred.from, p.occurred.to, p.sign])).toEqual([
      ['total', -Infinity, occurred.to, 1],
      ['activity_m', at('2025-10-01T00:00:00Z'), Infinity, -1],
      ['activity', at('2025-10-01T00:00:00Z'), occurred.to, 1],
    ]);
    // Long before now, or with no now: the months before it.
    for (const now of [at('2026-02-01T00:00:00Z'), undefined]) {
      expect(planCells(withTotal, whole, true, now).map((p) => p.table.name)).toEqual([
        'activity_m',
        'activity',
      ]);
    }
  });

  it('reads a 30-day cohort across two months as a month minus its first days, and the next days', () => {
    const created = { from: at('2025-08-05T00:00:00Z'), to: at('2025-09-04T00:00:00Z') };
    const plan = planCells(
      tables,
      { created, occurred: ALL, cohort: true, occurredDays: false },
      true,
    );
    expect(plan.map((p) => [p.table.name, p.created.from, p.created.to, p.sign])).toEqual([
      ['cohort_m', at('2025-08-01T00:00:00Z'), at('2025-09-01T00:00:00Z'), 1],
      ['cohort', at('2025-08-01T00:00:00Z'), created.from, -1],
      ['cohort', at('2025-09-01T00:00:00Z'), created.to, 1],
    ]);
  });

  it('reads all time from the all-time cells where there are some, and only all time', () => {
    const unbounded = { created: ALL, occurred: ALL, cohort: false, occurredDays: false };
    expect(planCells(withTotal, unbounded, true).map((p) => p.table.name)).toEqual(['total']);
    // A timeseries needs its days; any bound needs its axis.
    expect(planCells(withTotal, unbounded, false).map((p) => p.table.name)).toEqual(['cohort']);
    fc.assert(
      fc.property(wholeDays, wholeDays, (created, occurred) => {
        const cohort = Number.isFinite(created.from) || Number.isFinite(created.to);
        const occurredDays = Number.isFinite(occurred.from) || Number.isFinite(occurred.to);
        const whole = { created, occurred, cohort, occurredDays };
        const plan = planCells(withTotal, whole, true);
        if (!cohort && !occurredDays) expect(plan.map((p) => p.table.name)).toEqual(['total']);
        else expect(plan).toEqual(planCells(tables, whole, true));
      }),
    );
  });
});
