import type { Params } from './api.js';

/** The filter form's values as the query API's parameters (dates are UTC). */
export function readFilters(form: HTMLFormElement): {
  params: Params;
  mode: string;
  interval: string;
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
  return {
    params: {
      pipelineId: text('pipelineId'),
      ownerId: text('ownerId'),
      source: text('source'),
      window: text('window'),
      from: day('from'),
      to: day('to'),
      asOf: asOf === undefined ? undefined : `${asOf.length === 16 ? `${asOf}:00` : asOf}Z`,
    },
    mode: text('mode') ?? 'reached',
    interval: text('interval') ?? 'week',
  };
}
