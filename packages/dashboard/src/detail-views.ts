import { chart } from './charts.js';
import { el } from './format.js';
import type { Reasons, StageDurations, Timeseries } from './types.js';

const chartBox = (host: HTMLElement, label: string) => {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': label });
  host.append(box);
  return chart(box);
};

/** Won or lost reasons: one bar per reason, stacked by the stage the deal closed from. */
export function reasonsView(host: HTMLElement, label: string): (r: Reasons) => void {
  const draw = chartBox(host, label);
  return (r) => {
    const stages = [...new Set(r.reasons.flatMap((x) => Object.keys(x.byStage)))];
    draw({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 110, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: r.reasons.map((x) => x.reason), inverse: true },
      series: stages.map((stage) => ({
        name: stage,
        type: 'bar',
        stack: 'stage',
        data: r.reasons.map((x) => x.byStage[stage] ?? 0),
      })),
    });
  };
}

/** Time in stage: mean and median days of completed visits, and the mean age of open leads. */
export function durationsView(host: HTMLElement): (d: StageDurations) => void {
  const draw = chartBox(host, 'Time in stage');
  return (d) =>
    draw({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: d.stages.map((s) => s.stage) },
      yAxis: { type: 'value', name: 'days' },
      series: [
        { name: 'mean', type: 'bar', data: d.stages.map((s) => s.meanDays) },
        { name: 'median', type: 'bar', data: d.stages.map((s) => s.medianDays) },
        { name: 'open: mean age', type: 'bar', data: d.stages.map((s) => s.meanAgeDaysOpen) },
      ],
    });
}

/** Created, advanced, won and lost per day, week or month. */
export function timeseriesView(host: HTMLElement): (t: Timeseries) => void {
  const draw = chartBox(host, 'Events over time');
  return (t) =>
    draw({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: t.points.map((p) => p.start.slice(0, 10)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['created', 'advanced', 'won', 'lost'] as const).map((key) => ({
        name: key,
        type: 'line',
        showSymbol: false,
        data: t.points.map((p) => p[key]),
      })),
    });
}
