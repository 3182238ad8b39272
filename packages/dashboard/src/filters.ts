/** The filters every metrics endpoint takes, as the filter form holds them (dates in UTC). */
export interface Filters {
  pipelineId?: string;
  ownerId?: string;
  source?: string;
  window?: 'cohort' | 'activity';
  from?: string;
  to?: string;
  asOf?: string;
}

/** The filter form's values as the query API's parameters. */
export function readFilters(form: HTMLFormElement): {
  filters: Filters;
  mode: 'reached' | 'touched';
  interval: 'day' | 'week' | 'month';
} {
  const data = new FormData(form);
  const text = (name: string) => {
    const v = data.get(name);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const day = (name: string) => {
    const v = text(name);
    return v === undefined ? undefined : `${v}T00:00:00Z`;
  };
  const asOf = text('asOf');
  const filters: Filters = {
    pipelineId: text('pipelineId'),
    ownerId: text('ownerId'),
    source: text('source'),
    window: text('window') === 'activity' ? 'activity' : 'cohort',
    from: day('from'),
    to: day('to'),
    asOf: asOf === undefined ? undefined : `${asOf.length === 16 ? `${asOf}:00` : asOf}Z`,
  };
  for (const key of Object.keys(filters) as (keyof Filters)[]) {
    if (filters[key] === undefined) delete filters[key];
  }
  return {
    filters,
    mode: text('mode') === 'touched' ? 'touched' : 'reached',
    interval: (['day', 'week', 'month'] as const).find((i) => i === text('interval')) ?? 'week',
  };
}
