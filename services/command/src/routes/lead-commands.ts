import type { LeadCommand } from '@dealflow/domain';
import { SCOPES, type HttpApp, type Principal } from '@dealflow/runtime';
import type { z } from 'zod';
import { executeCommand, type CommandDeps } from '../execute-command.js';
import { idempotencyClaim } from '../idempotency.js';
import { answerHeaders, commandAnswer, eventMetadata } from './command-response.js';
import { bodiesWithConfiguredChoices } from './configured-choices.js';
import {
  CommandResult,
  LeadCommandHeaders,
  LeadIdParams,
  Problem,
  WinBody,
  commandProblems,
  parseIfMatch,
} from './schemas.js';

type Action = 'advance' | 'win' | 'lose';

/** The route schema shared by the POSTs to an existing lead; only the body differs. */
function leadCommandSchema<B extends z.ZodType>(summary: string, description: string, body: B) {
  return {
    tags: ['commands'],
    summary,
    description:
      description +
      ' Answers 200 with `ETag: "<version>"` and `X-Dealflow-Position`. `If-Match: "<version>"` ' +
      'makes the write conditional (`409 version_conflict`); the same `Idempotency-Key` with the ' +
      'same request returns the first answer and writes nothing.',
    params: LeadIdParams,
    headers: LeadCommandHeaders,
    body,
    response: {
      200: CommandResult.describe('Where the lead now is'),
      ...commandProblems,
      404: Problem.describe('lead_not_found'),
    },
  };
}

/** The validated parts of a request to an existing lead that running its command needs. */
interface LeadCommandRequest {
  id: string;
  correlationId: string;
  principal: Principal | null;
  params: z.infer<typeof LeadIdParams>;
  headers: z.infer<typeof LeadCommandHeaders>;
  body: unknown;
}

/** Runs a command on an existing lead; returns the headers and body to answer with. */
async function runLeadCommand(
  deps: CommandDeps,
  action: Action,
  request: LeadCommandRequest,
  command: LeadCommand,
): Promise<{ headers: Record<string, string>; body: z.infer<typeof CommandResult> }> {
  const ifMatch = parseIfMatch(request.headers['if-match']);
  const result = await executeCommand(deps, {
    command,
    expectedVersion: ifMatch,
    idempotency: idempotencyClaim(
      `POST /v1/leads/:leadId/${action}`,
      request.params.leadId,
      request.headers['idempotency-key'],
      { params: request.params, body: request.body, ifMatch },
      request.principal?.subject,
    ),
    metadata: eventMetadata(request),
    respond: (appended, lead) => commandAnswer(200, appended, lead),
  });
  return { headers: answerHeaders(result), body: CommandResult.parse(result.body) };
}

/** `POST /v1/leads/:leadId/{advance,win,lose}`: the moves of an open lead. */
export function leadCommandRoutes(app: HttpApp, deps: CommandDeps): void {
  const { AdvanceBody, LoseBody } = bodiesWithConfiguredChoices(deps.pipelines);
  const now = () => deps.now().toISOString();

  app.post(
    '/v1/leads/:leadId/advance',
    {
      config: { scope: SCOPES.leadsWrite },
      schema: leadCommandSchema(
        'Advance a lead to a later stage',
        'Moves an open lead forward to a later open stage of its pipeline (skipping allowed). ' +
          'Backward, same-stage or unknown stages are `422 invalid_transition`.',
        AdvanceBody,
      ),
    },
    async (request, reply) => {
      const { leadId } = request.params;
      const command = { type: 'AdvanceStage' as const, leadId, now: now(), ...request.body };
      const answer = await runLeadCommand(deps, 'advance', request, command);
      void reply.code(200).headers(answer.headers);
      return answer.body;
    },
  );

  app.post(
    '/v1/leads/:leadId/win',
    {
      config: { scope: SCOPES.leadsWrite },
      schema: leadCommandSchema(
        'Win a deal',
        'Closes an open lead as won, at `amount` or else its current amount (same currency).',
        WinBody,
      ),
    },
    async (request, reply) => {
      const { leadId } = request.params;
      const command = { type: 'WinDeal' as const, leadId, now: now(), ...request.body };
      const answer = await runLeadCommand(deps, 'win', request, command);
      void reply.code(200).headers(answer.headers);
      return answer.body;
    },
  );

  app.post(
    '/v1/leads/:leadId/lose',
    {
      config: { scope: SCOPES.leadsWrite },
      schema: leadCommandSchema(
        'Lose a deal',
        "Closes an open lead as lost, for one of its pipeline's lost reasons, at its current stage.",
        LoseBody,
      ),
    },
    async (request, reply) => {
      const { leadId } = request.params;
      const command = { type: 'LoseDeal' as const, leadId, now: now(), ...request.body };
      const answer = await runLeadCommand(deps, 'lose', request, command);
      void reply.code(200).headers(answer.headers);
      return answer.body;
    },
  );
}
