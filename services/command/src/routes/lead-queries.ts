import { readLeadKeys } from '@dealflow/db';
import { openPersonalFields } from '@dealflow/events';
import { AppError, SCOPES, type HttpApp } from '@dealflow/runtime';
import type { CommandDeps } from '../execute-command.js';
import { readStream } from '../event-store.js';
import { LeadEvents, LeadIdParams, LeadView, Problem, commonProblems } from './schemas.js';

const notFound = (leadId: string) => new AppError('lead_not_found', `no lead ${leadId}`);

/**
 * Single leads carry names, companies and amounts: readable with `leads:read`, or `leads:write`
 * (a writer reads the version it sends as `If-Match`) — not with `metrics:read`, which grants
 * the aggregated numbers of dashboards only.
 */
const READ_LEADS = [SCOPES.leadsRead, SCOPES.leadsWrite];

/** `GET /v1/leads/:leadId` and `GET /v1/leads/:leadId/events`, read from the event store. */
export function leadQueryRoutes(app: HttpApp, deps: Pick<CommandDeps, 'db'>): void {
  app.get(
    '/v1/leads/:leadId',
    {
      config: { scope: READ_LEADS },
      schema: {
        tags: ['leads'],
        summary: 'Get a lead',
        description:
          'The lead as its events add up to, straight from the event store (always current). ' +
          '`ETag` carries its version for a later `If-Match`. Scope `leads:read` or ' +
          '`leads:write` (a lead is personal data, not a dashboard metric). Name and company ' +
          "are opened with the lead's key; once erased they are `null` and `erased` is true.",
        params: LeadIdParams,
        response: { 200: LeadView, 404: Problem.describe('lead_not_found'), ...commonProblems },
      },
    },
    async (request, reply) => {
      const { leadId } = request.params;
      const { state } = await readStream(deps.db, leadId);
      if (state.status === 'none') throw notFound(leadId);
      const keys = await readLeadKeys(deps.db, [leadId]);
      const personal = openPersonalFields(
        leadId,
        { name: state.name, company: state.company ?? undefined },
        keys.get(leadId) ?? { kind: 'missing' },
      );
      void reply.header('etag', `"${state.version}"`);
      return { ...state, ...personal, updatedAt: state.lastOccurredAt };
    },
  );

  app.get(
    '/v1/leads/:leadId/events',
    {
      config: { scope: READ_LEADS },
      schema: {
        tags: ['leads'],
        summary: "A lead's events",
        description:
          'Every event of the lead, as published on Kafka, in version order: personal fields ' +
          'sealed (`enc:v1:…`), as stored. Scope ' +
          '`leads:read` or `leads:write`.',
        params: LeadIdParams,
        response: { 200: LeadEvents, 404: Problem.describe('lead_not_found'), ...commonProblems },
      },
    },
    async (request) => {
      const { leadId } = request.params;
      const { events } = await readStream(deps.db, leadId);
      if (events.length === 0) throw notFound(leadId);
      return { events };
    },
  );
}
