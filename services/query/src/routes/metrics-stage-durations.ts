import { queryStageDurations } from '@dealflow/read-models';
import { SCOPES, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { answerPoint } from '../conditional-answer.js';
import { answerHooks } from '../answer-hooks.js';
import { STAGE_DURATIONS_EXAMPLE } from './metric-examples.js';
import { metricContext, metricProblems, WINDOW_TEXT } from './metric-route.js';
import { metricQuery, StageDurationsBody } from './metric-schemas.js';
import { AnswerHeaders } from './schemas.js';

/**
 * Open stages' ages are measured at `asOf`, else (activity) at `to`, else at now: only then
 * does the answer change with the clock (its `ETag` names the second).
 */
const agesWithClock = (query: Record<string, unknown>): boolean =>
  query.asOf === undefined && (query.window !== 'activity' || query.to === undefined);

/** `GET /v1/metrics/stage-durations`: time in stage. */
export function metricsStageDurationsRoute(app: HttpApp, deps: QueryDeps): void {
  app.get(
    '/v1/metrics/stage-durations',
    {
      config: { scope: SCOPES.metricsRead },
      schema: {
        tags: ['metrics'],
        summary: 'Time in stage: completed visits and the age of open ones',
        description:
          'Per open stage: `completedVisits` = times a lead left the stage (moved on, won or ' +
          'lost) in scope (cohort: by `asOf`; activity: in the window), with `meanDays` and ' +
          '`medianDays` spent in it; `openNow` = leads open in the stage at the end of the ' +
          'scope and `meanAgeDaysOpen` = their mean days in it so far, measured at `asOf` in the ' +
          'body (the `asOf` filter; for the activity window the earlier of `asOf` and `to`; else ' +
          'now).' +
          WINDOW_TEXT,
        querystring: metricQuery(deps.pipelines.list().map((p) => p.id)),
        headers: AnswerHeaders,
        response: {
          200: StageDurationsBody.meta({ examples: [STAGE_DURATIONS_EXAMPLE] }),
          ...metricProblems,
        },
      },
      ...answerHooks(deps, { agesWithClock }),
    },
    async (request) => {
      const ctx = metricContext(deps, request.query, await answerPoint(deps, request));
      return queryStageDurations(deps.db, ctx.version, ctx.pipeline, ctx.filters, ctx.now);
    },
  );
}
