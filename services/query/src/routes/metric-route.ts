import type { Pipeline } from '@dealflow/domain';
import type { MetricFilters } from '@dealflow/read-models';
import { AppError } from '@dealflow/runtime';
import type { z } from 'zod';
import type { QueryDeps } from '../query-deps.js';
import type { MetricQuery } from './metric-schemas.js';
import { commonProblems, Problem } from './schemas.js';

/** What a metrics handler works with: the live version, the pipeline, the filters, "now". */
export interface MetricContext {
  version: number;
  pipeline: Pipeline;
  filters: MetricFilters;
  now: number;
}

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** The windows and as-of rule every metrics description ends with. */
export const WINDOW_TEXT =
  ' Filters: `pipelineId` (default `default`), `ownerId`, `source`. `window=cohort` ' +
  '(default): the leads created in [from, to), with everything that happened to them up to ' +
  '`asOf`. `window=activity`: the events that occurred in [from, to) and up to `asOf`, over ' +
  'the leads in play in the window (open when it opened, or created in it). `asOf`: only ' +
  'events with occurredAt <= asOf count, whenever they were recorded, so a backdated import ' +
  'counts from its occurredAt on. Rates are in [0, 1] and `null` when undefined (division by ' +
  'zero); days are fractional (ms ÷ 86 400 000); money is per currency in minor units, never ' +
  'mixed. An unknown `pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer ' +
  'waits (bounded) for that write, else carries `X-Dealflow-Stale: true`.';

/** The responses of a metrics route besides 200. */
export const metricProblems = {
  404: Problem.describe('not_found: no pipeline with this id'),
  ...commonProblems,
};

/** Resolves the pipeline (404 when unknown) and the live version for validated filters. */
export async function metricContext(
  deps: QueryDeps,
  query: z.infer<typeof MetricQuery>,
): Promise<MetricContext> {
  const pipeline = deps.pipelines.get(query.pipelineId);
  if (pipeline === undefined) throw new AppError('not_found', `no pipeline ${query.pipelineId}`);
  const version = await deps.liveVersion();
  return {
    version,
    pipeline,
    now: Date.now(),
    filters: {
      pipelineId: pipeline.id,
      ownerId: query.ownerId,
      source: query.source,
      from: date(query.from),
      to: date(query.to),
      window: query.window,
      asOf: date(query.asOf),
    },
  };
}
