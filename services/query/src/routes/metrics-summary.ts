import { querySummary } from '@dealflow/read-models';
import { SCOPES, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { answerPoint } from '../conditional-answer.js';
import { answerHooks } from '../answer-hooks.js';
import { SUMMARY_EXAMPLE } from './metric-examples.js';
import { metricContext, metricProblems, WINDOW_TEXT } from './metric-route.js';
import { metricQuery, SummaryBody } from './metric-schemas.js';
import { AnswerHeaders } from './schemas.js';

/** `GET /v1/metrics/summary`: the headline numbers of a scope. */
export function metricsSummaryRoute(app: HttpApp, deps: QueryDeps): void {
  app.get(
    '/v1/metrics/summary',
    {
      config: { scope: SCOPES.metricsRead },
      schema: {
        tags: ['metrics'],
        summary: 'Headline metrics: counts, rates, deal size, cycle, forecast, velocity',
        description:
          '`leads`, `open` (at the end of the scope), `won`, `lost`; `winRate` = won ÷ leads; ' +
          '`closeRate` = won ÷ (won + lost); `averageDealSize` per currency = mean and median ' +
          'final amount of the won deals; `salesCycleDays` = days from LeadCreated to DealWon ' +
          'of the won deals (mean, median, p90 by linear interpolation); `weightedPipeline` per ' +
          'currency = Σ over open leads of expected amount × stage probability (not rounded); ' +
          '`salesVelocity.perDay` per currency = opportunities (open leads) × ' +
          'averageDealSize.mean × winRate ÷ salesCycleDays.mean, null when a part is null or ' +
          'the cycle is 0. Won deals of the scope: cohort = won by `asOf`; activity = won in ' +
          'the window.' +
          WINDOW_TEXT,
        querystring: metricQuery(deps.pipelines.list().map((p) => p.id)),
        headers: AnswerHeaders,
        response: { 200: SummaryBody.meta({ examples: [SUMMARY_EXAMPLE] }), ...metricProblems },
      },
      ...answerHooks(deps),
    },
    async (request) => {
      const ctx = metricContext(deps, request.query, await answerPoint(deps, request));
      return querySummary(deps.db, ctx.version, ctx.pipeline, ctx.filters, ctx.now);
    },
  );
}
