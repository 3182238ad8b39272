import { DEFAULT_PIPELINE_ID } from '@dealflow/domain';
import { LeadCreatedData, PipelineId, StageId } from '@dealflow/events';
import { z } from 'zod';

/**
 * Years 1000–8999 only: Postgres has no year 0, and window arithmetic past 9999 gives instants
 * JavaScript writes as `+010000-…`, which Postgres cannot parse (both were 500s). A pattern, not
 * a check of the parsed instant, so that the OpenAPI document states the very same rule.
 */
export const instant = z.iso
  .datetime({ offset: true })
  .regex(/^[1-8]\d{3}-/, 'an instant between the years 1000 and 8999')
  .meta({ format: 'date-time' })
  .describe('ISO 8601 instant between the years 1000 and 8999, e.g. 2025-03-01T00:00:00Z');

/** The filters every metrics endpoint takes (API.md "Query service"). */
export const metricFilterShape = {
  pipelineId: PipelineId.default(DEFAULT_PIPELINE_ID).describe('Pipeline; `default` when absent'),
  ownerId: LeadCreatedData.shape.ownerId.describe('Only leads of this owner'),
  source: LeadCreatedData.shape.source.describe('Only leads from this source'),
  from: instant.optional().describe('Window start (inclusive)'),
  to: instant.optional().describe('Window end (exclusive)'),
  window: z
    .enum(['cohort', 'activity'])
    .default('cohort')
    .describe(
      '`cohort` (default): the leads created in [from, to) and everything that happened to ' +
        'them (up to `asOf`). `activity`: the events that occurred in [from, to) (up to ' +
        '`asOf`), over the leads in play in the window — open when it opened, or created in it.',
    ),
  asOf: instant
    .optional()
    .describe(
      'The answer as it stood at this instant: only events with occurredAt <= asOf count, ' +
        'whenever they were recorded (a backdated import counts from its occurredAt on)',
    ),
};

/** `from` must come before `to`. */
export const windowRule = {
  check: (q: { from?: string | undefined; to?: string | undefined }) =>
    q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to),
  params: { message: '`from` must be before `to`', path: ['to'] },
};

/**
 * `pipelineId` with the configured pipelines as its documented `enum`; the check stays the
 * route's, so an unknown id is still `404 not_found`.
 */
export const configuredPipelineId = (pipelineIds: readonly string[]) =>
  PipelineId.meta({ enum: [...pipelineIds] })
    .default(DEFAULT_PIPELINE_ID)
    .describe('One of the configured pipelines; `default` when absent');

/** Query of the metrics endpoints: unknown parameters are rejected. */
export const metricQuery = (pipelineIds: readonly string[]) =>
  z
    .strictObject({ ...metricFilterShape, pipelineId: configuredPipelineId(pipelineIds) })
    .refine(windowRule.check, windowRule.params);

/** Query of `GET /v1/metrics/timeseries`. */
export const timeseriesQuery = (pipelineIds: readonly string[]) =>
  z
    .strictObject({
      ...metricFilterShape,
      pipelineId: configuredPipelineId(pipelineIds),
      interval: z
        .enum(['day', 'week', 'month'])
        .default('day')
        .describe('Bucket of the events’ occurredAt, in UTC: day, ISO week (from Monday), month'),
    })
    .refine(windowRule.check, windowRule.params);

/** The validated metrics query (the same whichever pipelines are configured). */
export const MetricQuery = metricQuery([DEFAULT_PIPELINE_ID]);

const count = z.int().nonnegative();
/** Closes net of the reopenings that took them back: negative in an activity window or bucket
 * where more closes were taken back than made. */
const netCount = z.int();
const rate = z.number().min(0).max(1).nullable();
const days = z.number().nullable();
const money = z.record(z.string(), z.number()).describe('Per ISO 4217 currency, minor units');

/** Body of `GET /v1/metrics/summary`. */
export const SummaryBody = z.object({
  pipelineId: PipelineId,
  leads: count.describe('Leads in scope (cohort: created in the window; activity: in play)'),
  open: count.describe('Of them, open at the end of the scope'),
  won: netCount.describe('Won deals, by their latest outcome (net of reopenings in the scope)'),
  lost: netCount.describe('Lost deals, by their latest outcome (net of reopenings in the scope)'),
  winRate: rate.describe('won ÷ leads'),
  closeRate: rate.describe('won ÷ (won + lost)'),
  averageDealSize: z
    .record(
      z.string(),
      z.object({ mean: z.number().nullable(), median: z.number().nullable(), count: netCount }),
    )
    .describe('Final amount of the won deals, per currency'),
  salesCycleDays: z
    .object({ mean: days, median: days, p90: days, count: netCount })
    .describe('Days from LeadCreated to DealWon of the won deals (fractional)'),
  weightedPipeline: money.describe('Σ expected amount × stage probability of the open leads'),
  salesVelocity: z.object({
    perDay: z.record(z.string(), z.number().nullable()),
    opportunities: count,
    averageDealSize: z.record(z.string(), z.number().nullable()),
    winRate: rate,
    cycleDays: days,
  }),
});

const ReasonBody = z.object({
  reason: z.string(),
  count: netCount,
  share: rate.describe('count ÷ all deals closed this way in scope'),
  amount: money,
  byStage: z.record(z.string(), netCount).describe('Deals by the open stage they were closed from'),
});

/** Body of the won/lost reason reports. */
export const ReasonsBody = z.object({
  pipelineId: PipelineId,
  total: netCount.describe('Deals closed this way in scope (net of reopenings)'),
  reasons: z.array(ReasonBody).describe('Largest count first, then by reason'),
});

/** Body of `GET /v1/metrics/stage-durations`. */
export const StageDurationsBody = z.object({
  pipelineId: PipelineId,
  asOf: z.string().describe('The instant open leads’ ages are measured at'),
  stages: z.array(
    z.object({
      stage: StageId,
      completedVisits: count,
      meanDays: days,
      medianDays: days,
      openNow: count,
      meanAgeDaysOpen: days,
    }),
  ),
});

/** Body of `GET /v1/metrics/timeseries`. */
export const TimeseriesBody = z.object({
  pipelineId: PipelineId,
  interval: z.enum(['day', 'week', 'month']),
  points: z.array(
    z.object({
      start: z.string().describe('Bucket start (UTC midnight)'),
      created: count,
      advanced: count,
      won: netCount.describe('Wins minus reopenings of won deals in the bucket'),
      lost: netCount.describe('Losses minus reopenings of lost deals in the bucket'),
      wonAmount: money,
    }),
  ),
});
