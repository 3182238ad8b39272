const DAY = 86_400_000;

/** Every answer of the read side, with the parameters a request of it names. */
export const METRIC_ENDPOINTS: [path: string, extra: Record<string, string>][] = [
  ['/v1/metrics/summary', {}],
  ['/v1/funnel', {}],
  ['/v1/metrics/stage-durations', {}],
  ['/v1/metrics/won-reasons', {}],
  ['/v1/metrics/lost-reasons', {}],
  ['/v1/metrics/timeseries', { interval: 'day' }],
  ['/v1/metrics/timeseries', { interval: 'week' }],
  ['/v1/metrics/timeseries', { interval: 'month' }],
];

/**
 * The six filter combinations the metrics benchmarks ask every endpoint, for a history
 * generated up to `now`: all-time, owner + source, a month's cohort, the same month as an
 * activity window, `asOf` a past instant inside a day, and b2c since an instant.
 */
export function filterCombos(now: number): Record<string, string>[] {
  const day = (offset: number) => new Date(now - offset * DAY).toISOString().slice(0, 10);
  const month = { from: `${day(120)}T00:00:00.000Z`, to: `${day(90)}T00:00:00.000Z` };
  return [
    {},
    { ownerId: 'owner-2', source: 'web' },
    month,
    { window: 'activity', ...month },
    { asOf: new Date(now - 60 * DAY + 12_345_678).toISOString() },
    { pipelineId: 'b2c', from: new Date(now - 200 * DAY + 5_000_000).toISOString() },
  ];
}

/** `/v1/funnel {"ownerId":"owner-2"}`: an endpoint and its parameters, as printed. */
export const probeName = (path: string, params: Record<string, string>): string =>
  Object.keys(params).length === 0 ? path : `${path} ${JSON.stringify(params)}`;
