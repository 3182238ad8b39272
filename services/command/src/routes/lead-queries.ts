import type { HttpApp } from '@dealflow/runtime';
import { AppError } from '@dealflow/runtime';
import type { CommandDeps } from '../execute-command.js';
import { readStream } from '../event-store.js';
import { LeadEvents, LeadIdParams, LeadView, Problem, commonProblems } from './schemas.js';

const notFound = (leadId: string) => new AppError('lead_not_found', `no lead ${leadId}`);

/** `GET /v1/leads/:leadId` and `GET /v1/leads/:leadId/events`, read from the event store. */
export function leadQueryRoutes(app: HttpApp, deps: Pick<CommandDeps, 'db'>): void {
  app.get(
    '/v1/leads/:leadId',
    {
      schema: {
        tags: ['leads'],
        summary: 'Get a lead',
        description:
          'The lead as its events add up to, straight from the event store (always current). ' +
          '`ETag` carries its version for a later `If-Match`.',
        params: LeadIdParams,
        response: { 200: LeadView, 404: Problem.describe('lead_not_found'), ...commonProblems },
      },
    },
    async (request, reply) => {
      const { leadId } = request.params;
      const { state } = await readStream(deps.db, leadId);
      if (state.status === 'none') throw notFound(leadId);
      void reply.header('etag', `"${state.version}"`);
      return { ...state, updatedAt: state.lastOccurredAt };
    },
  );

  app.get(
    '/v1/leads/:leadId/events',
    {
      schema: {
        tags: ['leads'],
        summary: "A lead's events",
        description: 'Every event of the lead, as published on Kafka, in version order.',
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
