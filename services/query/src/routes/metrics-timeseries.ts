import { queryTimeseries } from '@dealflow/read-models';
import { SCOPES, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { answerPoint } from '../conditional-answer.js';
import { answerHooks } from '../answer-hooks.js';
import { TIMESERIES_EXAMPLE } from './metric-examples.js';
import { metricContext, metricProblems, WINDOW_TEXT } from './metric-route.js';
import { TimeseriesBody, timeseriesQuery } from './metric-schemas.js';
import { AnswerHeaders } from './schemas.js';

/** `GET /v1/metrics/timeseries`: the scope's events per day, week or month. */
export function metricsTimeseriesRoute(app: HttpApp, deps: QueryDeps): void {
  app.get(
    '/v1/metrics/timeseries',
    {
      config: { scope: SCOPES.metricsRead },
      schema: {
        tags: ['metrics'],
        summary: 'Leads created, advanced, won, lost and won amount per day, week or month',
        description:
          'The events of the scope (cohort: every event up to `asOf` of the leads created in ' +
          '[from, to); activity: the events that occurred in [from, to) up to `asOf`) counted ' +
          'per UTC bucket of their occurredAt — `interval` = day, week (ISO, from Monday) or ' +
          'month: `created` LeadCreated, `advanced` StageAdvanced, `won` DealWon, `lost` ' +
          'DealLost, `wonAmount` Σ final amount per currency; all net of reopenings (a deal ' +
          'reopened counts −1 and −its amount where it was reopened), a currency listed where ' +
          'its wins or its amount do not net to zero. Only buckets with at least one event ' +
          'are listed, oldest first; `start` is the bucket’s first instant.' +
          WINDOW_TEXT,
        querystring: timeseriesQuery(deps.pipelines.list().map((p) => p.id)),
        headers: AnswerHeaders,
        response: {
          200: TimeseriesBody.meta({ examples: [TIMESERIES_EXAMPLE] }),
          ...metricProblems,
        },
      },
      ...answerHooks(deps),
    },
    async (request) => {
      const ctx = metricContext(deps, request.query, await answerPoint(deps, request));
      const { interval } = request.query;
      return queryTimeseries(deps.db, ctx.version, ctx.pipeline, ctx.filters, interval, ctx.now);
    },
  );
}
