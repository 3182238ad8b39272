import { queryFunnel } from '@dealflow/read-models';
import { AppError, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { readYourWrites } from '../read-your-writes.js';
import { commonProblems, FunnelBody, FunnelQuery, MinPositionHeaders, Problem } from './schemas.js';

const optionalDate = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** `GET /v1/funnel`: the cohort funnel of a pipeline, from the live read models. */
export function funnelRoute(app: HttpApp, deps: QueryDeps): void {
  app.get(
    '/v1/funnel',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Cohort funnel of a pipeline',
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
          'leads. `window=activity` and `asOf` are not served yet (400). An unknown ' +
          '`pipelineId` is `404 not_found`. With `X-Dealflow-Min-Position` the answer waits ' +
          '(bounded) for that write and carries `X-Dealflow-Stale: true` if it did not arrive ' +
          'in time. Never cached (`Cache-Control: no-store`).',
        querystring: FunnelQuery,
        headers: MinPositionHeaders,
        response: {
          200: FunnelBody,
          404: Problem.describe('not_found: no pipeline with this id'),
          ...commonProblems,
        },
      },
      preHandler: readYourWrites(deps),
    },
    async (request) => {
      const { pipelineId, ownerId, source, from, to } = request.query;
      const version = await deps.liveVersion();
      const filters = {
        pipelineId,
        ownerId,
        source,
        from: optionalDate(from),
        to: optionalDate(to),
      };
      const body = await queryFunnel(deps.db, version, deps.pipelines.list(), filters);
      if (body === undefined) throw new AppError('not_found', `no pipeline ${pipelineId}`);
      return body;
    },
  );
}
