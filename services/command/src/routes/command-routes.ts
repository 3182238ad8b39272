import {
  AppError,
  SCOPES,
  traceparentOf,
  type HttpApp,
  type Principal,
  type Span,
} from '@dealflow/runtime';
import type { CommandResult } from '../command-result.js';
import { executeCommand, type CommandDeps } from '../execute-command.js';
import { idempotencyClaim } from '../idempotency.js';
import type { z } from 'zod';
import { COMMAND_ACTIONS, newLeadId, type CommandAction } from './actions.js';
import { bodiesWithConfiguredChoices } from './configured-choices.js';
import {
  CommandResult as CommandResultBody,
  CreateHeaders,
  LeadCommandHeaders,
  LeadIdParams,
  Problem,
  commandProblems,
  parseIfMatch,
} from './schemas.js';

/**
 * The request's context recorded on every event it causes; `actor` is the authenticated
 * principal (`anonymous` only while authentication is off).
 */
export function eventMetadata(request: {
  id: string;
  correlationId: string;
  principal: Principal | null;
  span: Span | null;
}) {
  // The request's own span, not the active context: body parsing may run outside it.
  const traceparent = request.span === null ? undefined : traceparentOf(request.span);
  return {
    correlationId: request.correlationId,
    causationId: request.id,
    actor: request.principal?.subject ?? 'anonymous',
    ...(traceparent !== undefined && { traceparent }),
  };
}

/** A refusal as the contract's problem: the route's only way to turn one into HTTP. */
export function refusalError(result: Extract<CommandResult, { ok: false }>): AppError {
  const { code, detail, field, currentVersion } = result.refusal;
  return new AppError(code, detail, {
    ...(field === undefined ? {} : { errors: [{ path: `body.${field}`, message: detail }] }),
    ...(currentVersion === undefined ? {} : { currentVersion }),
  });
}

const COMMON =
  ' The same `Idempotency-Key` with the same request returns the first answer ' +
  '(`Idempotent-Replayed: true`) and writes nothing.';

/** The answer to an accepted command: `ETag`, `X-Dealflow-Position`, replay marker. */
function acceptedHeaders(result: Extract<CommandResult, { ok: true }>): Record<string, string> {
  return {
    etag: `"${result.version}"`,
    'x-dealflow-position': String(result.lastPosition),
    ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
  };
}

/** `POST /v1/leads` for an action on a new lead: 201 with `Location`. */
function newLeadRoute(app: HttpApp, deps: CommandDeps, action: CommandAction): void {
  const route = 'POST /v1/leads';
  app.post(
    '/v1/leads',
    {
      config: { scope: SCOPES.leadsWrite },
      schema: {
        tags: ['commands'],
        summary: action.summary,
        description:
          `${action.description} Answers 201 with \`ETag: "1"\`, \`Location: /v1/leads/<leadId>\` ` +
          `and \`X-Dealflow-Position\`.${COMMON}`,
        headers: CreateHeaders,
        body: action.body,
        response: { 201: CommandResultBody.describe('The lead, created'), ...commandProblems },
      },
    },
    async (request, reply) => {
      const chosen = action.chosenLeadId?.(request.body);
      const leadId = newLeadId(chosen);
      const result = await executeCommand(deps, {
        commands: [action.toCommand({ leadId, body: request.body, now: deps.now().toISOString() })],
        expectedVersion: undefined,
        idempotency: idempotencyClaim(
          route,
          chosen,
          request.headers['idempotency-key'],
          { params: {}, body: request.body, ifMatch: undefined },
          request.principal?.subject,
        ),
        metadata: eventMetadata(request),
        generatedLeadId: chosen === undefined,
      });
      if (!result.ok) throw refusalError(result);
      void reply
        .code(201)
        .headers({ ...acceptedHeaders(result), location: `/v1/leads/${result.leadId}` });
      return CommandResultBody.parse(result);
    },
  );
}

/** `POST /v1/leads/:leadId/<name>` for an action on an existing lead: 200, `If-Match`. */
function existingLeadRoute(app: HttpApp, deps: CommandDeps, action: CommandAction): void {
  const route = `POST /v1/leads/:leadId/${action.name}`;
  app.post(
    `/v1/leads/:leadId/${action.name}`,
    {
      config: { scope: action.scope ?? SCOPES.leadsWrite },
      schema: {
        tags: ['commands'],
        summary: action.summary,
        description:
          `${action.description} Answers 200 with \`ETag: "<version>"\` and ` +
          '`X-Dealflow-Position`. `If-Match: "<version>"` makes the write conditional ' +
          '(`409 version_conflict`); without it the command is decided against the lead as it ' +
          `is when written.${COMMON}`,
        params: LeadIdParams,
        headers: LeadCommandHeaders,
        body: action.body,
        response: {
          200: CommandResultBody.describe('Where the lead now is'),
          ...commandProblems,
          404: Problem.describe('lead_not_found'),
        },
      },
    },
    async (request, reply) => {
      const { params } = request;
      const ifMatch = parseIfMatch(request.headers['if-match']);
      const command = action.toCommand({
        leadId: params.leadId,
        body: request.body,
        now: deps.now().toISOString(),
      });
      const result = await executeCommand(deps, {
        commands: [command],
        expectedVersion: ifMatch,
        idempotency: idempotencyClaim(
          route,
          params.leadId,
          request.headers['idempotency-key'],
          { params, body: request.body, ifMatch },
          request.principal?.subject,
        ),
        metadata: eventMetadata(request),
      });
      if (!result.ok) throw refusalError(result);
      void reply.code(200).headers(acceptedHeaders(result));
      return CommandResultBody.parse(result);
    },
  );
}

/**
 * Registers one route per entry of {@link COMMAND_ACTIONS}: validate, build the command, execute
 * it, and map the result to HTTP (a refusal becomes its problem).
 */
export function commandRoutes(app: HttpApp, deps: CommandDeps): void {
  const configured = bodiesWithConfiguredChoices(deps.pipelines);
  const bodies: Record<string, z.ZodType> = {
    create: configured.CreateLeadBody,
    advance: configured.AdvanceBody,
    lose: configured.LoseBody,
    'move-back': configured.MoveBackBody,
    reopen: configured.ReopenBody,
  };
  for (const entry of COMMAND_ACTIONS) {
    // The same checks, with the configured pipelines' choices documented in the schema.
    const action = { ...entry, body: bodies[entry.name] ?? entry.body };
    if (action.target === 'new') newLeadRoute(app, deps, action);
    else existingLeadRoute(app, deps, action);
  }
}
