import { queryFunnel, queryMetricFunnel } from '@dealflow/read-models';
import { AppError, SCOPES, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { answerHooks } from '../answer-hooks.js';
import { answerPoint } from '../conditional-answer.js';
import { CACHING_TEXT } from './metric-route.js';
import {
  AnswerHeaders,
  commonProblems,
  FunnelBody,
  funnelQuery,
  NotModified,
  Problem,
} from './schemas.js';

const optionalDate = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** `GET /v1/funnel`: the cohort funnel of a pipeline, from the live read models. */
export function funnelRoute(app: HttpApp, deps: QueryDeps): void {
  app.get(
    '/v1/funnel',
    {
      config: { scope: SCOPES.metricsRead },
      schema: {
        tags: ['metrics'],
        summary: 'Funnel of a pipeline: cohort or activity window, as of any instant',
        description:
          'The leads of a pipeline created in `[from, to)` (the cohort; all time when absent), ' +
          'optionally of one owner and/or source, and what became of them. `totals` counts ' +
          'them by status; `winRate` = won ÷ leads, `closeRate` = won ÷ (won + lost). `stages` ' +
          'lists the open stages in funnel order: `reached` = leads ever at that stage or a ' +
          'later one (a won lead reached every open stage), `current` = open leads in it now, ' +
          '`lost` = leads lost while in it, `conversionToNext` = reached(next) ÷ reached(this) ' +
          '(last open stage: won ÷ reached), `cumulativeConversion` = reached ÷ reached(first). ' +
          'Rates are fractions in [0, 1], `null` when undefined (division by zero). ' +
          'Whole UTC days come from pre-aggregated daily counters and partial days at the ' +
          'window edges are counted exactly, so the cost does not grow with the number of ' +
          'leads. `window=activity`: the leads in play in [from, to) — open when it opened, or ' +
          'created in it — and what happened to them in it: `reached` = at that stage or later ' +
          'during the window, `current` = open at its end, `lost`/`won` = closed in it, so ' +
          'leads = open + won + lost. `asOf`: only events with occurredAt <= asOf count ' +
          '(backdated imports included from their occurredAt on). `mode=touched`: `reached` ' +
          'counts only leads actually in the stage (skipped stages do not count) and ' +
          '`conversionToNext` = leads that left it forward ÷ those in it. The activity window, ' +
          '`asOf` and `touched` are summed from the daily metric tables (partial days from the ' +
          'per-event rows). An unknown ' +
          '`pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits ' +
          '(bounded) for that write and carries `X-Dealflow-Stale: true` if it did not arrive ' +
          'in time. ' +
          CACHING_TEXT,
        querystring: funnelQuery(deps.pipelines.list().map((p) => p.id)),
        headers: AnswerHeaders,
        response: {
          200: FunnelBody,
          304: NotModified,
          404: Problem.describe('not_found: no pipeline with this id'),
          ...commonProblems,
        },
      },
      ...answerHooks(deps),
    },
    async (request) => {
      const { pipelineId, ownerId, source, from, to, window, asOf, mode } = request.query;
      const { version, now } = await answerPoint(deps, request);
      const filters = {
        pipelineId,
        ownerId,
        source,
        from: optionalDate(from),
        to: optionalDate(to),
      };
      const pipeline = deps.pipelines.get(pipelineId);
      if (pipeline === undefined) throw new AppError('not_found', `no pipeline ${pipelineId}`);
      if (window === 'cohort' && asOf === undefined && mode === 'reached') {
        // The plain cohort funnel has its own smaller table (funnel_daily).
        const body = await queryFunnel(deps.db, version, [pipeline], filters);
        if (body !== undefined) return body;
      }
      const metricFilters = { ...filters, window, asOf: optionalDate(asOf) };
      return queryMetricFunnel(deps.db, version, pipeline, metricFilters, mode, now);
    },
  );
}
