import { DEFAULT_PIPELINE_ID } from '@dealflow/domain';
import { LeadCreatedData, LeadId, Money, PipelineId, StageId } from '@dealflow/events';
import { z } from 'zod';
import { configuredPipelineId, instant } from './metric-schemas.js';

const amountBound = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const range = (from: string | undefined, to: string | undefined) =>
  from === undefined || to === undefined || Date.parse(from) < Date.parse(to);

/** Query of `GET /v1/leads`: unknown parameters are rejected. */
export const leadListQuery = (pipelineIds: readonly string[]) =>
  z
    .strictObject({
      pipelineId: configuredPipelineId(pipelineIds),
      stage: StageId.optional().describe('Only leads now in this stage of the pipeline'),
      status: z.enum(['open', 'won', 'lost']).optional().describe('Only leads of this status'),
      ownerId: LeadCreatedData.shape.ownerId.describe('Only leads of this owner'),
      source: LeadCreatedData.shape.source.describe('Only leads from this source'),
      currency: Money.shape.currency
        .optional()
        .describe('Only leads whose amount is in this currency (required with an amount range)'),
      amountMin: amountBound.optional().describe('Amount at least this (minor units)'),
      amountMax: amountBound.optional().describe('Amount at most this (minor units)'),
      createdFrom: instant.optional().describe('Created at or after this instant'),
      createdTo: instant.optional().describe('Created before this instant'),
      activityFrom: instant.optional().describe('Last activity at or after this instant'),
      activityTo: instant.optional().describe('Last activity before this instant'),
      // The name's text rules (no NUL, well-formed Unicode: Postgres could not compare others).
      q: LeadCreatedData.shape.name
        .trim()
        .min(3)
        .max(100)
        .optional()
        .describe(
          'Case-insensitive text that the name or the company contains (3–100 chars: the text index works on three-letter groups)',
        ),
      sort: z
        .enum(['lastActivityAt', 'createdAt', 'amount'])
        .default('lastActivityAt')
        .describe(
          'Order of the list, then the lead id: `lastActivityAt` (default), `createdAt` or ' +
            '`amount` (minor units, whatever the currency: filter on `currency` to compare ' +
            'like with like)',
        ),
      order: z.enum(['asc', 'desc']).default('desc').describe('Direction (default `desc`)'),
      limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1–200'),
      cursor: z
        .string()
        .max(1000)
        .optional()
        .describe(
          '`nextCursor` of the previous page, with the same filters and order; anything else ' +
            'is `400 validation_error`',
        ),
    })
    .refine((q) => range(q.createdFrom, q.createdTo), {
      message: '`createdFrom` must be before `createdTo`',
      path: ['createdTo'],
    })
    .refine((q) => range(q.activityFrom, q.activityTo), {
      message: '`activityFrom` must be before `activityTo`',
      path: ['activityTo'],
    })
    .refine(
      (q) => q.amountMin === undefined || q.amountMax === undefined || q.amountMin <= q.amountMax,
      {
        message: '`amountMin` must not exceed `amountMax`',
        path: ['amountMax'],
      },
    )
    .refine(
      (q) => (q.amountMin === undefined && q.amountMax === undefined) || q.currency !== undefined,
      { message: 'an amount range needs `currency`', path: ['currency'] },
    );

/** The validated list query (the same whichever pipelines are configured). */
export const LeadListQuery = leadListQuery([DEFAULT_PIPELINE_ID]);

/** Params of `GET /v1/leads/{leadId}`. */
export const LeadIdParams = z.strictObject({ leadId: LeadId });

const at = z.string().describe('ISO 8601 UTC instant');

/** A lead as the read models hold it. */
export const LeadItemBody = z.object({
  leadId: LeadId,
  pipelineId: PipelineId,
  name: z.string().nullable().describe('`null` once the lead’s personal data is erased'),
  company: z.string().nullable().describe('`null` when never given or erased'),
  erased: z.boolean().describe('Whether the lead’s personal data (name, company) was erased'),
  stage: StageId.describe('Current stage (`won`/`lost` once closed)'),
  status: z.enum(['open', 'won', 'lost']),
  ownerId: z.string().nullable(),
  source: z.string().nullable(),
  amount: Money.describe('Expected amount while open; final amount once won'),
  createdAt: at,
  lastActivityAt: at.describe('occurredAt of the lead’s latest event'),
  stageEnteredAt: at.describe('When the lead entered its current stage'),
  closedAt: at.nullable().describe('When the lead was won or lost'),
  reason: z.string().nullable().describe('Won or lost reason'),
  version: z.int().min(1).describe('The lead version the read models hold'),
});

/** Body of `GET /v1/leads`. */
export const LeadListBody = z.object({
  leads: z.array(LeadItemBody),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as `cursor` for the next page; `null` on the last page'),
  total: z
    .object({
      value: z.int().nonnegative(),
      relation: z.enum(['eq', 'gte']),
    })
    .describe(
      'How many leads match. Exact (`eq`) when every filter is one of pipelineId, stage, ' +
        'status, ownerId, source, currency (read from pre-counted cells, cheap at any size); ' +
        'with other filters counting stops at 1000: `{ value: 1000, relation: "gte" }` means ' +
        '"1000 or more"; a `q` that many names or companies contain (frequent in a sample of ' +
        'them, or found in more than 5000) is not counted through, its total is a lower bound (`gte`)',
    ),
});

/** Body of `GET /v1/leads/{leadId}`. */
export const LeadDetailBody = LeadItemBody.extend({
  timeline: z
    .array(
      z.object({
        seq: z.int().min(1).describe('The lead version whose event began the visit'),
        stage: StageId,
        enteredAt: at,
        leftAt: at.nullable().describe('When the next visit began; `null` for the current one'),
      }),
    )
    .describe('Every visit of a stage, in order'),
});
