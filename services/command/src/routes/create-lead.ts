import { DEFAULT_PIPELINE_ID } from '@dealflow/domain';
import { SCOPES, type HttpApp } from '@dealflow/runtime';
import { executeCommand, type CommandDeps } from '../execute-command.js';
import { idempotencyClaim } from '../idempotency.js';
import { uuidv7 } from '../uuidv7.js';
import { answerHeaders, commandAnswer, eventMetadata } from './command-response.js';
import { bodiesWithConfiguredChoices } from './configured-choices.js';
import { CommandResult, CreateHeaders, commandProblems } from './schemas.js';

const ROUTE = 'POST /v1/leads';

/** `POST /v1/leads`: a lead enters its pipeline's first stage. */
export function createLeadRoute(app: HttpApp, deps: CommandDeps): void {
  const { CreateLeadBody } = bodiesWithConfiguredChoices(deps.pipelines);
  app.post(
    '/v1/leads',
    {
      config: { scope: SCOPES.leadsWrite },
      schema: {
        tags: ['commands'],
        summary: 'Create a lead',
        description:
          'A lead enters the first stage of its pipeline (`default` unless named). Answers 201 with ' +
          '`ETag: "1"`, `Location: /v1/leads/<leadId>` and `X-Dealflow-Position`. The same ' +
          '`Idempotency-Key` with the same body returns the first answer and writes nothing; a ' +
          'client-chosen `leadId` that exists is `409 lead_exists`.',
        headers: CreateHeaders,
        body: CreateLeadBody,
        response: { 201: CommandResult.describe('The lead, created'), ...commandProblems },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const leadId = body.leadId ?? uuidv7();
      const result = await executeCommand(deps, {
        command: {
          type: 'CreateLead',
          leadId,
          pipelineId: body.pipelineId ?? DEFAULT_PIPELINE_ID,
          name: body.name,
          company: body.company,
          source: body.source,
          ownerId: body.ownerId,
          amount: body.amount,
          occurredAt: body.occurredAt,
          now: deps.now().toISOString(),
        },
        expectedVersion: undefined,
        idempotency: idempotencyClaim(
          ROUTE,
          body.leadId,
          request.headers['idempotency-key'],
          { params: {}, body, ifMatch: undefined },
          request.principal?.subject,
        ),
        metadata: eventMetadata(request),
        respond: (appended, lead) =>
          commandAnswer(201, appended, lead, { location: `/v1/leads/${lead.leadId}` }),
      });
      void reply.code(201).headers(answerHeaders(result));
      return CommandResult.parse(result.body);
    },
  );
}
