import type { Pipeline } from '@dealflow/domain';
import type { MetricFilters } from '@dealflow/read-models';
import { AppError } from '@dealflow/runtime';
import type { z } from 'zod';
import type { AnswerPoint } from '../conditional-answer.js';
import type { QueryDeps } from '../query-deps.js';
import type { MetricQuery } from './metric-schemas.js';
import { commonProblems, NotModified, Problem } from './schemas.js';

/** What a metrics handler works with: the live version, the pipeline, the filters, "now". */
export interface MetricContext {
  version: number;
  pipeline: Pipeline;
  filters: MetricFilters;
  now: number;
}

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** How every metrics answer can be cached. */
export const CACHING_TEXT =
  'Every answer carries an `ETag` derived from the read-model version and position it was ' +
  'computed at and the query (`Cache-Control: no-cache`); a request with `If-None-Match` naming ' +
  'it gets `304 Not Modified` with no body while the read models have not moved.';

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
  'waits (bounded) for that write, else carries `X-Dealflow-Stale: true`. ' +
  CACHING_TEXT;

/** The responses of a metrics route besides 200 (304 on revalidation, problems). */
export const metricProblems = {
  304: NotModified,
  404: Problem.describe('not_found: no pipeline with this id'),
  ...commonProblems,
};

/**
 * Resolves the pipeline (404 when unknown) for validated filters, at the version and instant
 * the answer is tagged with (`answerPoint`).
 */
export function metricContext(
  deps: Pick<QueryDeps, 'pipelines'>,
  query: z.infer<typeof MetricQuery>,
  point: AnswerPoint,
): MetricContext {
  const pipeline = deps.pipelines.get(query.pipelineId);
  if (pipeline === undefined) throw new AppError('not_found', `no pipeline ${query.pipelineId}`);
  return {
    version: point.version,
    pipeline,
    now: point.now,
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
