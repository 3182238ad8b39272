import { DEFAULT_PIPELINE_ID, type LeadCommand } from '@dealflow/domain';
import { SCOPES } from '@dealflow/runtime';
import type { z } from 'zod';
import { uuidv7 } from '../uuidv7.js';
import {
  AdvanceBody,
  ChangeAmountBody,
  CreateLeadBody,
  EraseBody,
  LoseBody,
  MoveBackBody,
  ReassignBody,
  ReopenBody,
  WinBody,
} from './schemas.js';

/** What turning a validated request into a command gets. */
interface CommandInput<B> {
  /** The lead of the URL, or for a new lead its client-chosen or generated id. */
  leadId: string;
  body: B;
  /** The server's clock, ISO 8601 UTC. */
  now: string;
}

/**
 * One command route. `target: 'new'` is `POST /v1/leads` (the lead id comes from the body or is
 * generated; 201 with `Location`); `'existing'` is `POST /v1/leads/:leadId/<name>` (`If-Match`
 * allowed; 200).
 */
export interface CommandAction {
  name: string;
  target: 'new' | 'existing';
  summary: string;
  description: string;
  body: z.ZodType;
  /**
   * The scope the route needs when not `leads:write`. Such an action is not importable: an
   * import is sent with `leads:write`.
   */
  scope?: string;
  /** The client-chosen lead id of a new lead, if any. */
  chosenLeadId?: (body: unknown) => string | undefined;
  toCommand: (input: CommandInput<unknown>) => LeadCommand;
}

/**
 * Types one action by its body schema. The route validated the body against `body` before
 * `toCommand` runs, which is what makes the narrowing below sound.
 */
function action<B extends z.ZodType>(spec: {
  name: string;
  target: 'new' | 'existing';
  summary: string;
  description: string;
  body: B;
  scope?: string;
  chosenLeadId?: (body: z.infer<B>) => string | undefined;
  toCommand: (input: CommandInput<z.infer<B>>) => LeadCommand;
}): CommandAction {
  const { chosenLeadId, toCommand } = spec;
  return {
    ...spec,
    chosenLeadId: chosenLeadId && ((body) => chosenLeadId(body as z.infer<B>)),
    toCommand: (input) => toCommand({ ...input, body: input.body as z.infer<B> }),
  };
}

/**
 * Every command of the API, one entry each: adding a command is adding an entry here (and its
 * decider in the domain). The routes, their OpenAPI, idempotency, `If-Match` and the mapping of
 * results to HTTP come from the entry.
 */
export const COMMAND_ACTIONS: readonly CommandAction[] = [
  action({
    name: 'create',
    target: 'new',
    summary: 'Create a lead',
    description:
      'A lead enters the first stage of its pipeline (`default` unless named). A client-chosen ' +
      '`leadId` that exists is `409 lead_exists`; without one a UUIDv7 is generated.',
    body: CreateLeadBody,
    chosenLeadId: (body) => body.leadId,
    toCommand: ({ leadId, body, now }) => ({
      type: 'CreateLead',
      leadId,
      pipelineId: body.pipelineId ?? DEFAULT_PIPELINE_ID,
      name: body.name,
      company: body.company,
      source: body.source,
      ownerId: body.ownerId,
      amount: body.amount,
      occurredAt: body.occurredAt,
      now,
    }),
  }),
  action({
    name: 'advance',
    target: 'existing',
    summary: 'Advance a lead to a later stage',
    description:
      'Moves an open lead forward to a later open stage of its pipeline (skipping allowed). ' +
      'Backward, same-stage or unknown stages are `422 invalid_transition`.',
    body: AdvanceBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'AdvanceStage', leadId, now, ...body }),
  }),
  action({
    name: 'win',
    target: 'existing',
    summary: 'Win a deal',
    description:
      'Closes an open lead as won, at `amount` or else its current amount (same currency).',
    body: WinBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'WinDeal', leadId, now, ...body }),
  }),
  action({
    name: 'lose',
    target: 'existing',
    summary: 'Lose a deal',
    description:
      "Closes an open lead as lost, for one of its pipeline's lost reasons, at its current stage.",
    body: LoseBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'LoseDeal', leadId, now, ...body }),
  }),
  action({
    name: 'move-back',
    target: 'existing',
    summary: 'Move a lead back to an earlier stage',
    description:
      'Moves an open lead back to an earlier open stage of its pipeline (the proposal was ' +
      'premature: back to demo). A later, the same or an unknown stage is ' +
      '`422 invalid_transition`; a won or lost lead is `409 lead_closed` (reopen it instead).',
    body: MoveBackBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'MoveBackStage', leadId, now, ...body }),
  }),
  action({
    name: 'reopen',
    target: 'existing',
    summary: 'Reopen a won or lost deal',
    description:
      'Reopens a won or lost deal into the named open stage; its close stops counting and the ' +
      'next close is its outcome. An open lead is `409 lead_not_closed`; a stage that is not ' +
      'an open stage of its pipeline is `422 invalid_transition`.',
    body: ReopenBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'ReopenDeal', leadId, now, ...body }),
  }),
  action({
    name: 'change-amount',
    target: 'existing',
    summary: 'Change the expected amount of a lead',
    description:
      "Sets an open lead's expected amount: value, currency or both. A negative, fractional or " +
      'unsafe value is `400 validation_error`; the amount the lead already has is ' +
      '`422 invalid_transition`; a won or lost lead is `409 lead_closed`.',
    body: ChangeAmountBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'ChangeAmount', leadId, now, ...body }),
  }),
  action({
    name: 'reassign',
    target: 'existing',
    summary: 'Reassign a lead to another owner',
    description:
      'Hands an open lead to another owner; metrics by owner credit the owner at the moment of ' +
      'each event. The owner it already has is `422 invalid_transition`; a won or lost lead is ' +
      '`409 lead_closed`.',
    body: ReassignBody,
    toCommand: ({ leadId, body, now }) => ({ type: 'ReassignOwner', leadId, now, ...body }),
  }),
  action({
    name: 'erase',
    target: 'existing',
    scope: SCOPES.privacy,
    summary: "Erase a lead's personal data",
    description:
      "Deletes the lead's key, so its name and company (sealed with it in every event, on " +
      'Kafka and in the events table) can never be read again, and appends `LeadErased`. The ' +
      'lead reads as erased everywhere (name and company `null`); its stage, amount, owner and ' +
      'every metric stay, and later commands still apply. Scope `privacy`. Irreversible: a ' +
      'second erasure is `409 already_erased`. The body is `{}`.',
    body: EraseBody,
    toCommand: ({ leadId, now }) => ({ type: 'EraseLead', leadId, now }),
  }),
];

/** A new lead's id: the client's choice, else a fresh UUIDv7. */
export const newLeadId = (chosen: string | undefined): string => chosen ?? uuidv7();
