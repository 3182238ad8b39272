import { count, days, el, money, pct } from './format.js';
import type { Summary } from './types.js';

const tile = (label: string, testId: string, ...values: string[]) =>
  el(
    'div',
    { class: 'tile', 'data-testid': testId },
    el('div', { class: 'tile-label' }, label),
    ...values.map((v) => el('div', { class: 'tile-value' }, v)),
  );

const perCurrency = <T>(map: Record<string, T>, show: (v: T, c: string) => string): string[] => {
  const lines = Object.entries(map).map(([c, v]) => show(v, c));
  return lines.length > 0 ? lines : ['—'];
};

/** KPI tiles: win and close rate, deal size, cycle length, velocity and its parts, forecast. */
export function kpiView(host: HTMLElement): (summary: Summary) => void {
  return (s) => {
    const v = s.salesVelocity;
    host.replaceChildren(
      tile('Win rate', 'kpi-win-rate', pct(s.winRate), `${count(s.won)} of ${count(s.leads)}`),
      tile(
        'Close rate',
        'kpi-close-rate',
        pct(s.closeRate),
        `${count(s.won)} won, ${count(s.lost)} lost`,
      ),
      tile(
        'Deal size (mean / median)',
        'kpi-deal-size',
        ...perCurrency(s.averageDealSize, (d, c) => `${money(d.mean, c)} / ${money(d.median, c)}`),
      ),
      tile(
        'Sales cycle (mean / median / p90)',
        'kpi-cycle',
        `${days(s.salesCycleDays.mean)} / ${days(s.salesCycleDays.median)} / ${days(s.salesCycleDays.p90)}`,
      ),
      tile(
        'Sales velocity per day',
        'kpi-velocity',
        ...perCurrency(v.perDay, (x, c) => money(x, c)),
        `${count(v.opportunities)} opportunities × deal size × ${pct(v.winRate)} ÷ ${days(v.cycleDays)}`,
      ),
      tile(
        'Weighted pipeline',
        'kpi-weighted',
        ...perCurrency(s.weightedPipeline, (x, c) => money(x, c)),
      ),
    );
  };
}
