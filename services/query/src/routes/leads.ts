import { queryLead, queryLeadList } from '@dealflow/read-models';
import { AppError, SCOPES, type HttpApp } from '@dealflow/runtime';
import { answerHooks } from '../answer-hooks.js';
import { answerPoint } from '../conditional-answer.js';
import { decodeCursor, encodeCursor } from '../lead-cursor.js';
import type { QueryDeps } from '../query-deps.js';
import { LeadDetailBody, LeadIdParams, LeadListBody, leadListQuery } from './lead-schemas.js';
import { CACHING_TEXT } from './metric-route.js';
import { AnswerHeaders, commonProblems, NotModified, Problem } from './schemas.js';

/**
 * Leads carry names and companies: personal data, readable with `leads:read` (or `leads:write`,
 * as on the command service), not with `metrics:read`, which grants aggregated numbers only.
 */
const READ_LIST = [SCOPES.leadsRead, SCOPES.leadsWrite];

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

const READ_TEXT =
  ' With `X-Dealflow-Min-Position` the answer waits (bounded) for that write, else carries ' +
  '`X-Dealflow-Stale: true`. ' +
  CACHING_TEXT;

/** `GET /v1/leads` and `GET /v1/leads/{leadId}`: leads as the live read models hold them. */
export function leadRoutes(app: HttpApp, deps: QueryDeps): void {
  app.get(
    '/v1/leads',
    {
      config: { scope: READ_LIST },
      schema: {
        tags: ['leads'],
        summary: 'List leads: filters, sort, cursor pages, total',
        description:
          'The leads of a pipeline that match every filter given, one page at a time, in a ' +
          'total order: the sort key, then the lead id. Pages are keyset pages: each costs the ' +
          'same wherever it is, and `nextCursor` continues exactly after the last lead of the ' +
          'page (a lead that changes meanwhile may move in the order). `q` matches name or ' +
          'company as a case-insensitive substring. An unknown `pipelineId` is ' +
          '`404 not_found`; a stage not in the pipeline, an amount range without `currency`, ' +
          'an empty range or a cursor of another list is `400 validation_error`. `total` is ' +
          'exact for filters on pipeline, stage, status, owner, source and currency, and for ' +
          'a `q` alone that the beginnings of words find (up to 5000 matches); with others ' +
          'it counts to 1000 and says `gte` beyond.' +
          READ_TEXT,
        querystring: leadListQuery(deps.pipelines.list().map((p) => p.id)),
        headers: AnswerHeaders,
        response: {
          200: LeadListBody,
          304: NotModified,
          404: Problem.describe('not_found: no pipeline with this id'),
          ...commonProblems,
        },
      },
      ...answerHooks(deps, { share: false }),
    },
    async (request) => {
      const q = request.query;
      const pipeline = deps.pipelines.get(q.pipelineId);
      if (pipeline === undefined) throw new AppError('not_found', `no pipeline ${q.pipelineId}`);
      if (q.stage !== undefined && deps.pipelines.stage(pipeline, q.stage) === undefined) {
        const message = `stage ${q.stage} is not in pipeline ${pipeline.id}`;
        throw new AppError('validation_error', message, {
          errors: [{ path: 'stage', message }],
        });
      }
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q);
      const { version } = await answerPoint(deps, request);
      const page = await queryLeadList(deps.db, version, {
        filters: {
          pipelineId: pipeline.id,
          stage: q.stage,
          status: q.status,
          ownerId: q.ownerId,
          source: q.source,
          currency: q.currency,
          amountMin: q.amountMin,
          amountMax: q.amountMax,
          createdFrom: date(q.createdFrom),
          createdTo: date(q.createdTo),
          activityFrom: date(q.activityFrom),
          activityTo: date(q.activityTo),
          q: q.q,
        },
        sort: q.sort,
        order: q.order,
        limit: q.limit,
        after,
      });
      return {
        leads: page.leads,
        nextCursor: page.next === undefined ? null : encodeCursor(page.next, q),
        total: page.total,
      };
    },
  );

  app.get(
    '/v1/leads/:leadId',
    {
      config: { scope: READ_LIST },
      schema: {
        tags: ['leads'],
        summary: 'A lead with its stage timeline, from the read models',
        description:
          'The lead as the live read models hold it, with every visit of a stage in order ' +
          '(a visit ends when the next begins). Unlike the command service’s ' +
          '`GET /v1/leads/{leadId}` (the event store, always current) it may lag the latest ' +
          'write: send `X-Dealflow-Min-Position`. A lead the read models do not hold is ' +
          '`404 lead_not_found`.' +
          READ_TEXT,
        params: LeadIdParams,
        headers: AnswerHeaders,
        response: {
          200: LeadDetailBody,
          304: NotModified,
          404: Problem.describe('lead_not_found: the read models hold no such lead'),
          ...commonProblems,
        },
      },
      ...answerHooks(deps, { share: false }),
    },
    async (request) => {
      const { version } = await answerPoint(deps, request);
      const lead = await queryLead(deps.db, version, request.params.leadId);
      if (lead === undefined) {
        throw new AppError('lead_not_found', `no lead ${request.params.leadId}`);
      }
      return lead;
    },
  );
}
