import { chart } from './charts.js';
import { count, el, pct } from './format.js';
import type { Funnel } from './types.js';

/**
 * The funnel as the sales-process article draws it: one bar per open stage, narrowing with the
 * number of leads that reached it, then won; beside it the table of counts, step and cumulative
 * conversion and the leads lost at each stage.
 */
export function funnelView(host: HTMLElement): (funnel: Funnel, mode: string) => void {
  const canvas = el('div', { class: 'chart tall', role: 'img', 'aria-label': 'Funnel chart' });
  const table = el('table', { class: 'numbers', 'data-testid': 'funnel-table' });
  // A narrow screen scrolls the table, never the page; the keyboard reaches the scrolled part.
  const scroller = {
    class: 'scroll-x',
    tabindex: '0',
    role: 'region',
    'aria-label': 'Funnel table',
  };
  host.append(canvas, el('div', scroller, table));
  const draw = chart(canvas);
  return (funnel, mode) => {
    const data = [
      ...funnel.stages.map((s) => ({ name: s.stage, value: s.reached })),
      { name: 'won', value: funnel.totals.won },
    ];
    draw({
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '8%',
          gap: 2,
          label: { position: 'inside', formatter: '{b}: {c}' },
          data,
        },
      ],
    });
    const head = el(
      'tr',
      {},
      ...[
        'stage',
        mode === 'touched' ? 'touched' : 'reached',
        'now',
        'lost',
        'step',
        // A soft hyphen: on a phone the heading may break, so the column is as wide as its %.
        'cumu\u00adlative',
      ].map((h) => el('th', { scope: 'col' }, h)),
    );
    const rows = funnel.stages.map((s) =>
      el(
        'tr',
        { 'data-stage': s.stage },
        el('th', { scope: 'row' }, s.stage),
        el('td', { 'data-field': 'reached' }, count(s.reached)),
        el('td', { 'data-field': 'current' }, count(s.current)),
        el('td', { 'data-field': 'lost' }, count(s.lost)),
        el('td', { 'data-field': 'conversionToNext' }, pct(s.conversionToNext)),
        el('td', { 'data-field': 'cumulativeConversion' }, pct(s.cumulativeConversion)),
      ),
    );
    const won = el(
      'tr',
      { 'data-stage': 'won' },
      el('th', { scope: 'row' }, 'won'),
      el('td', { 'data-field': 'reached' }, count(funnel.totals.won)),
      el('td', {}, ''),
      el('td', {}, ''),
      el('td', {}, ''),
      el('td', {}, pct(funnel.winRate)),
    );
    table.replaceChildren(
      el('caption', {}, `${count(funnel.totals.leads)} leads in scope`),
      el('thead', {}, head),
      el('tbody', {}, ...rows, won),
    );
  };
}
