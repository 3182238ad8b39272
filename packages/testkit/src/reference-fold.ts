import type { Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { FunnelFilters, FunnelResponse } from '@dealflow/read-models';
import { referenceMetricFunnel } from './reference-metrics.js';

/**
 * The `/v1/funnel` body of API.md computed the plain way — replay every lead's own events,
 * keep the leads of the cohort, count — with none of the read-model machinery, so tests can
 * hold the projector and the query against it. It is the cohort, `mode=reached` case of
 * {@link referenceMetricFunnel}: a lead reached open stage k when it was ever at k or a later
 * open stage, or was won; `current` counts open leads in the stage, `lost` the leads whose
 * latest outcome is lost while in it; each credited to the owner at the moment of the event.
 * Scope: the pipeline (default `default`), owner, source, and `[from, to)` on the LeadCreated
 * `occurredAt`.
 *
 * @throws Error when the pipeline is not among `pipelines`
 * @example expect(await getFunnel(query)).toEqual(referenceFunnel(events, pipelines, filters));
 */
export function referenceFunnel(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: FunnelFilters = {},
): FunnelResponse {
  return referenceMetricFunnel(events, pipelines, { ...filters, window: 'cohort' });
}
