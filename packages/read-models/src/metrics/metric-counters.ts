/**
 * The additive counters every metric read model holds, per (stage, currency, reason) key. Each
 * applied event adds a small signed delta to some of them, so any sum of them over a set of
 * events is meaningful: over all events up to an instant it is the state at that instant, over
 * the events of a window it is what happened in the window.
 *
 * - `created`: LeadCreated (on the stage the lead was created in)
 * - `advanced`: StageAdvanced (on the stage moved to)
 * - `reached`: first time the lead was at this open stage or beyond (skipped and, on a win, not
 *   yet reached stages count)
 * - `touched`: the lead entered this stage (skipped stages do not count)
 * - `progressed`: the lead left this stage forward (StageAdvanced or DealWon from it)
 * - `current`: +1 entering, −1 leaving: open leads in the stage
 * - `lost` / `won`: closed while in this stage (`reason` is part of the key)
 * - `won_amount` / `lost_amount`: final amount of the win, expected amount of the loss
 * - `open_amount`: expected amount of the open leads in the stage (per currency)
 * - `open_entered_ms`: Σ of the epoch milliseconds at which the open leads entered the stage, so
 *   their mean age at T is (current × T − open_entered_ms) ÷ current
 */
export const METRIC_COUNTERS = [
  'created',
  'advanced',
  'reached',
  'touched',
  'progressed',
  'current',
  'lost',
  'won',
  'won_amount',
  'lost_amount',
  'open_amount',
  'open_entered_ms',
] as const;

/** One of {@link METRIC_COUNTERS}. */
export type MetricCounter = (typeof METRIC_COUNTERS)[number];

/** A value for every counter. */
export type MetricCounters = Record<MetricCounter, number>;

/** All counters zero. */
export const zeroCounters = (): MetricCounters => ({
  created: 0,
  advanced: 0,
  reached: 0,
  touched: 0,
  progressed: 0,
  current: 0,
  lost: 0,
  won: 0,
  won_amount: 0,
  lost_amount: 0,
  open_amount: 0,
  open_entered_ms: 0,
});

/**
 * The deltas of one applied event on one (stage, currency, reason) key — a row of
 * `metric_events`, and the unit the daily tables are summed from.
 */
export interface MetricEventDelta extends MetricCounters {
  lead_id: string;
  version: number;
  pipeline_id: string;
  owner_id: string;
  source: string;
  /** The lead's LeadCreated `occurredAt` (its cohort). */
  created_at: Date;
  /** The event's `occurredAt`. */
  occurred_at: Date;
  stage: string;
  currency: string;
  /** Won/lost reason on the closing row, '' elsewhere (and on a win without reason). */
  reason: string;
  /** DealWon row: milliseconds from LeadCreated to DealWon. */
  cycle_ms: number | null;
  /** Row of the stage a lead leaves: milliseconds it spent in it (a completed visit). */
  visit_ms: number | null;
}
