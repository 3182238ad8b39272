import { queryReasons } from '@dealflow/read-models';
import { SCOPES, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { answerPoint } from '../conditional-answer.js';
import { answerHooks } from '../answer-hooks.js';
import { LOST_REASONS_EXAMPLE, WON_REASONS_EXAMPLE } from './metric-examples.js';
import { metricContext, metricProblems, WINDOW_TEXT } from './metric-route.js';
import { metricQuery, ReasonsBody } from './metric-schemas.js';
import { AnswerHeaders } from './schemas.js';

const TEXT = {
  lost:
    'The deals lost in scope (cohort: lost by `asOf`; activity: lost in the window) per lost ' +
    'reason: `count`, `share` = count ÷ `total` lost, `amount` per currency = Σ expected amount ' +
    'when lost, `byStage` = count by the open stage it was lost at. Largest count first, then ' +
    'by reason.',
  won:
    'The deals won in scope (cohort: won by `asOf`; activity: won in the window) per won ' +
    'reason (`unspecified` when none was given): `count`, `share` = count ÷ `total` won, ' +
    '`amount` per currency = Σ final amount, `byStage` = count by the open stage it was won ' +
    'from. Largest count first, then by reason.',
};

/** `GET /v1/metrics/lost-reasons` and `GET /v1/metrics/won-reasons`. */
export function metricsReasonsRoutes(app: HttpApp, deps: QueryDeps): void {
  for (const outcome of ['lost', 'won'] as const) {
    app.get(
      `/v1/metrics/${outcome}-reasons`,
      {
        config: { scope: SCOPES.metricsRead },
        schema: {
          tags: ['metrics'],
          summary: `Why deals are ${outcome}: counts, shares, amounts, stages`,
          description: TEXT[outcome] + WINDOW_TEXT,
          querystring: metricQuery(deps.pipelines.list().map((p) => p.id)),
          headers: AnswerHeaders,
          response: {
            200: ReasonsBody.meta({
              examples: [outcome === 'lost' ? LOST_REASONS_EXAMPLE : WON_REASONS_EXAMPLE],
            }),
            ...metricProblems,
          },
        },
        ...answerHooks(deps),
      },
      async (request) => {
        const ctx = metricContext(deps, request.query, await answerPoint(deps, request));
        return queryReasons(deps.db, ctx.version, ctx.pipeline, ctx.filters, outcome, ctx.now);
      },
    );
  }
}
