import type { QueryPaths } from '@dealflow/client';

/** The filters every metrics endpoint takes (dates in UTC), typed by the query API's document. */
export type Filters = NonNullable<QueryPaths['/v1/metrics/summary']['get']['parameters']['query']>;

/**
 * A pipeline id of the form. The document lists the pipelines configured where it was
 * generated; the page offers those the running service answers with (`/v1/pipelines`), and the
 * service checks them.
 */
const pipelineId = (id: string | undefined) => id as Filters['pipelineId'];

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
    pipelineId: pipelineId(text('pipelineId')),
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
