import {
  DealLostData,
  DealWonData,
  IsoTimestamp,
  LeadCreatedData,
  LeadId,
  Money,
  OwnerReassignedData,
  PersonalTextInput,
  PipelineId,
  StageId,
  leadEventSchema,
} from '@dealflow/events';
import { problemSchema } from '@dealflow/runtime';
import { z } from 'zod';

/** `:leadId` of every per-lead route. */
export const LeadIdParams = z.strictObject({ leadId: LeadId });

/** Money in a request body: the contract's `Money`, but unknown members are rejected. */
export const MoneyInput = z.strictObject(Money.shape).describe(Money.description ?? 'Money');

const occurredAt = IsoTimestamp.optional().describe(
  'Business time (ISO 8601 UTC); defaults to now, may be in the past, never before the previous event',
);

/**
 * A client-chosen lead id must be addressable: `.` and `..` match the id pattern but are dot
 * segments of a URL, which clients and servers collapse, so `/v1/leads/..` never names the lead.
 */
const NewLeadId = LeadId.refine((id) => id !== '.' && id !== '..', {
  error: 'not "." or ".." (dot segments of a URL)',
});

/** Body of `POST /v1/leads`. */
export const CreateLeadBody = z.strictObject({
  leadId: NewLeadId.optional().describe('Client-chosen id; a UUIDv7 is generated when absent'),
  pipelineId: PipelineId.optional().describe('Defaults to `default`'),
  name: PersonalTextInput.describe("The lead's name (personal data: sealed with the lead's key)"),
  company: PersonalTextInput.optional().describe(
    "The lead's company (personal data: sealed with the lead's key)",
  ),
  source: LeadCreatedData.shape.source,
  ownerId: LeadCreatedData.shape.ownerId,
  amount: MoneyInput.describe('Expected amount'),
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/advance`. */
export const AdvanceBody = z.strictObject({
  toStage: StageId.describe('A later open stage of the lead’s pipeline'),
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/win`. */
export const WinBody = z.strictObject({
  amount: MoneyInput.optional().describe('Final amount; the current amount when absent'),
  reason: DealWonData.shape.reason,
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/lose`. */
export const LoseBody = z.strictObject({
  reason: DealLostData.shape.reason,
  note: DealLostData.shape.note,
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/move-back`. */
export const MoveBackBody = z.strictObject({
  toStage: StageId.describe('An earlier open stage of the lead’s pipeline'),
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/reopen`. */
export const ReopenBody = z.strictObject({
  toStage: StageId.describe('The open stage the won or lost deal is reopened in'),
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/change-amount`. */
export const ChangeAmountBody = z.strictObject({
  amount: MoneyInput.describe('The new expected amount (value and currency)'),
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/reassign`. */
export const ReassignBody = z.strictObject({
  ownerId: OwnerReassignedData.shape.ownerId,
  occurredAt,
});

/** Body of `POST /v1/leads/:leadId/erase`: nothing to say but the lead in the URL. */
export const EraseBody = z.strictObject({});

/** `"<n>"` or a bare `<n>`: the version the client last saw. */
export const IF_MATCH_PATTERN = /^(?:"(0|[1-9]\d{0,14})"|(0|[1-9]\d{0,14}))$/;

const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, '1–128 visible ASCII characters')
  .optional()
  .describe('Repeat a POST safely: the same key and request return the first answer');

/** Headers of `POST /v1/leads` (other headers pass through untouched). */
export const CreateHeaders = z.looseObject({ 'idempotency-key': idempotencyKey });

/** Headers of the POSTs to an existing lead. */
export const LeadCommandHeaders = z.looseObject({
  'idempotency-key': idempotencyKey,
  'if-match': z
    .string()
    .regex(IF_MATCH_PATTERN, 'a version, e.g. "3"')
    .optional()
    .describe('Write only if the lead is still at this version, else 409 version_conflict'),
});

/** The version in a validated `If-Match` header, or `undefined` without one. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH_PATTERN.exec(header);
  const digits = match?.[1] ?? match?.[2];
  return digits === undefined ? undefined : Number(digits);
}

/** Where a lead is; what every command answers with. */
export const CommandResult = z.object({
  leadId: LeadId,
  version: z.int().min(1),
  stage: StageId,
  status: z.enum(['open', 'won', 'lost']),
});

/** A lead as its events add up to. */
export const LeadView = z.object({
  leadId: LeadId,
  pipelineId: PipelineId,
  stage: StageId,
  status: z.enum(['open', 'won', 'lost']),
  amount: Money,
  version: z.int().min(1),
  createdAt: IsoTimestamp.describe('occurredAt of LeadCreated'),
  updatedAt: IsoTimestamp.describe('occurredAt of the last event'),
  closedAt: IsoTimestamp.nullable().describe('occurredAt of DealWon / DealLost'),
  ownerId: z.string().nullable(),
  source: z.string().nullable(),
  name: z.string().nullable().describe('`null` once the lead is erased'),
  company: z.string().nullable().describe('`null` when not given or once the lead is erased'),
  erased: z.boolean().describe("The lead's personal data was erased (its key deleted)"),
});

/** A lead's history, in version order. */
export const LeadEvents = z.object({ events: z.array(leadEventSchema) });

/** `application/problem+json` with the contract's stable `code` (one schema for every service). */
export const Problem = problemSchema;

const problem = (description: string) => Problem.describe(description);

/** The problem responses every route may give. */
export const commonProblems = {
  400: problem('validation_error: params, headers or body do not match the schema'),
  500: problem('internal_error'),
  503: problem('unavailable: a dependency (Postgres) is down; Retry-After is set'),
};

/** The problem responses of the command POSTs. */
export const commandProblems = {
  ...commonProblems,
  409: problem('lead_exists, lead_closed, lead_not_closed, already_erased or version_conflict'),
  413: problem('payload_too_large: the body exceeds 16 KiB'),
  415: problem('unsupported_media_type: the body must be application/json'),
  422: problem('invalid_transition or idempotency_key_reused'),
};
