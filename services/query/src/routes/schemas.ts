import { DEFAULT_PIPELINE_ID } from '@dealflow/domain';
import { LeadCreatedData, PipelineId, StageId } from '@dealflow/events';
import { problemSchema } from '@dealflow/runtime';
import { configuredPipelineId } from './metric-schemas.js';
import { z } from 'zod';

/** `application/problem+json` with the contract's stable `code` (one schema for every service). */
export const Problem = problemSchema;

const problem = (description: string) => Problem.describe(description);

/** The problem responses every route may give. */
export const commonProblems = {
  400: problem('validation_error: query or headers do not match the schema'),
  500: problem('internal_error'),
  503: problem(
    'unavailable: Postgres is down or no read-model version is live yet; Retry-After is set',
  ),
};

/** `304 Not Modified`: the `If-None-Match` tag is still the answer's; no body. */
export const NotModified = z
  .null()
  .describe('Not Modified: the answer named by `If-None-Match` is still current (no body)');

/** Largest position a client can send: far beyond any event store, and a safe JS integer. */
const POSITION_PATTERN = /^\d{1,15}$/;

/** Headers of every metrics route: read-your-writes and revalidation (others pass through). */
export const AnswerHeaders = z.looseObject({
  'x-dealflow-min-position': z
    .string()
    .regex(POSITION_PATTERN, 'a non-negative integer: the X-Dealflow-Position of a command')
    .optional()
    .describe(
      'Read-your-writes: wait (bounded) until the read models have applied the event at this ' +
        'position of the event store; if they have not in time, the answer carries ' +
        '`X-Dealflow-Stale: true`',
    ),
  'if-none-match': z
    .string()
    .optional()
    .describe(
      'The `ETag` of an answer held already: `304 Not Modified` (no body) while the read ' +
        'models have not moved since',
    ),
});

/**
 * Years 1000–8999 only: Postgres has no year 0, and window arithmetic past 9999 gives instants
 * JavaScript writes as `+010000-…`, which Postgres cannot parse (both were 500s). A pattern, not
 * a check of the parsed instant, so that the OpenAPI document states the very same rule.
 */
const instant = z.iso
  .datetime({ offset: true })
  .regex(/^[1-8]\d{3}-/, 'an instant between the years 1000 and 8999')
  .meta({ format: 'date-time' })
  .describe('ISO 8601 instant between the years 1000 and 8999, e.g. 2025-03-01T00:00:00Z');

/** Query of `GET /v1/funnel`: unknown parameters are rejected. */
export const funnelQuery = (pipelineIds: readonly string[]) =>
  z
    .strictObject({
      pipelineId: configuredPipelineId(pipelineIds),
      ownerId: LeadCreatedData.shape.ownerId.describe('Only leads of this owner'),
      source: LeadCreatedData.shape.source.describe('Only leads from this source'),
      from: instant
        .optional()
        .describe('Window start (inclusive): creation time (cohort) or occurredAt (activity)'),
      to: instant
        .optional()
        .describe('Window end (exclusive): creation time (cohort) or occurredAt (activity)'),
      window: z
        .enum(['cohort', 'activity'])
        .default('cohort')
        .describe(
          '`cohort` (default): leads created in [from, to) and everything that happened to them ' +
            '(up to `asOf`). `activity`: the events that occurred in [from, to) (up to `asOf`), ' +
            'over the leads in play in the window: open when it opened, or created in it.',
        ),
      asOf: instant
        .optional()
        .describe(
          'The funnel as it stood at this instant: only events with occurredAt <= asOf count, ' +
            'whenever they were recorded (a backdated import counts from its occurredAt on)',
        ),
      mode: z
        .enum(['reached', 'touched'])
        .default('reached')
        .describe(
          '`reached` (default): a lead counts at every open stage up to the furthest it got ' +
            '(skipped stages and, once won, all stages count). `touched`: only the stages it was ' +
            'actually in; `conversionToNext` is then the share of them that left the stage forward.',
        ),
    })
    .refine(
      (q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to),
      {
        message: '`from` must be before `to`',
        path: ['to'],
      },
    );

/** The validated funnel query (the same whichever pipelines are configured). */
export const FunnelQuery = funnelQuery([DEFAULT_PIPELINE_ID]);

const count = z.int().nonnegative();
/** Closes by their latest outcome; net of reopenings, so negative in an activity window where
 * more closes were taken back than made. */
const netCount = z.int();
const rate = z.number().min(0).max(1).nullable();

const FunnelStageBody = z.object({
  stage: StageId,
  position: z.int().min(1).describe('1-based position among the open stages'),
  probability: z.number().min(0).max(1).describe('Win probability of the stage (configuration)'),
  reached: count.describe(
    'Leads of the cohort that were ever at this stage or a later one; a won lead reached every ' +
      'open stage, a lead that skipped this stage reached it too',
  ),
  current: count.describe('Open leads of the cohort in this stage now'),
  lost: netCount.describe('Leads of the cohort lost while in this stage (latest outcome)'),
  conversionToNext: rate.describe(
    'reached(next stage) ÷ reached(this stage); for the last open stage won ÷ reached(this ' +
      'stage); null when reached(this stage) is 0',
  ),
  cumulativeConversion: rate.describe(
    'reached(this stage) ÷ reached(first stage); null when the cohort is empty',
  ),
});

const example = {
  pipelineId: 'default',
  totals: { leads: 5, open: 2, won: 1, lost: 2 },
  winRate: 0.2,
  closeRate: 0.3333333333333333,
  stages: [
    {
      stage: 'qualify',
      position: 1,
      probability: 0.1,
      reached: 5,
      current: 1,
      lost: 1,
      conversionToNext: 0.6,
      cumulativeConversion: 1,
    },
    {
      stage: 'demo',
      position: 2,
      probability: 0.35,
      reached: 3,
      current: 1,
      lost: 0,
      conversionToNext: 0.6666666666666666,
      cumulativeConversion: 0.6,
    },
    {
      stage: 'proposal',
      position: 3,
      probability: 0.65,
      reached: 2,
      current: 0,
      lost: 1,
      conversionToNext: 0.5,
      cumulativeConversion: 0.4,
    },
    {
      stage: 'negotiation',
      position: 4,
      probability: 0.75,
      reached: 1,
      current: 0,
      lost: 0,
      conversionToNext: 1,
      cumulativeConversion: 0.2,
    },
  ],
};

/** Body of `GET /v1/funnel` (API.md). */
export const FunnelBody = z
  .object({
    pipelineId: PipelineId,
    totals: z.object({
      leads: count.describe('Leads of the cohort (every lead starts in the first stage)'),
      open: count.describe('Of them, still open'),
      won: netCount.describe('Of them, won (latest outcome)'),
      lost: netCount.describe('Of them, lost (latest outcome)'),
    }),
    winRate: rate.describe('won ÷ leads; null for an empty cohort'),
    closeRate: rate.describe('won ÷ (won + lost); null while none is closed'),
    stages: z.array(FunnelStageBody).describe('The open stages, in funnel order'),
  })
  .meta({ description: 'The cohort funnel of the pipeline', examples: [example] });

const PipelineBody = z.object({
  id: PipelineId,
  name: z.string(),
  stages: z
    .array(
      z.object({
        id: StageId,
        name: z.string(),
        position: z.int().min(1).describe('1-based; open stages first, then won and lost'),
        probability: z.number().min(0).max(1),
        kind: z.enum(['open', 'won', 'lost']),
      }),
    )
    .describe('In order: the open stages of the funnel, then won and lost'),
  lostReasons: z.array(z.string()).describe('The reasons a deal of this pipeline may be lost for'),
});

/** Body of `GET /v1/pipelines`. */
export const PipelinesBody = z
  .object({ pipelines: z.array(PipelineBody) })
  .describe('The configured pipelines');
