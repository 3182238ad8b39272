/**
 * OpenAPI examples of the metrics endpoints: the answers for the history of
 * docs/metrics-worked-example.md (pipeline `default`, no filters, as of the end of it).
 */
export const SUMMARY_EXAMPLE = {
  pipelineId: 'default',
  leads: 6,
  open: 2,
  won: 2,
  lost: 2,
  winRate: 0.3333333333333333,
  closeRate: 0.5,
  averageDealSize: {
    EUR: { mean: 1100000, median: 1100000, count: 1 },
    USD: { mean: 500000, median: 500000, count: 1 },
  },
  salesCycleDays: { mean: 8, median: 8, p90: 8.8, count: 2 },
  weightedPipeline: { EUR: 410000 },
  salesVelocity: {
    perDay: { EUR: 91666.66666666667, USD: 41666.666666666664 },
    opportunities: 2,
    averageDealSize: { EUR: 1100000, USD: 500000 },
    winRate: 0.3333333333333333,
    cycleDays: 8,
  },
};

export const LOST_REASONS_EXAMPLE = {
  pipelineId: 'default',
  total: 2,
  reasons: [
    { reason: 'no_budget', count: 1, share: 0.5, amount: { EUR: 300000 }, byStage: { demo: 1 } },
    { reason: 'price', count: 1, share: 0.5, amount: { EUR: 800000 }, byStage: { proposal: 1 } },
  ],
};

export const WON_REASONS_EXAMPLE = {
  pipelineId: 'default',
  total: 2,
  reasons: [
    {
      reason: 'best_fit',
      count: 1,
      share: 0.5,
      amount: { EUR: 1100000 },
      byStage: { negotiation: 1 },
    },
    { reason: 'unspecified', count: 1, share: 0.5, amount: { USD: 500000 }, byStage: { demo: 1 } },
  ],
};

export const STAGE_DURATIONS_EXAMPLE = {
  pipelineId: 'default',
  asOf: '2025-03-15T00:00:00.000Z',
  stages: [
    {
      stage: 'qualify',
      completedVisits: 5,
      meanDays: 2,
      medianDays: 2,
      openNow: 1,
      meanAgeDaysOpen: 9.625,
    },
    {
      stage: 'demo',
      completedVisits: 4,
      meanDays: 4,
      medianDays: 3,
      openNow: 0,
      meanAgeDaysOpen: null,
    },
    {
      stage: 'proposal',
      completedVisits: 1,
      meanDays: 7,
      medianDays: 7,
      openNow: 1,
      meanAgeDaysOpen: 4.625,
    },
    {
      stage: 'negotiation',
      completedVisits: 1,
      meanDays: 2,
      medianDays: 2,
      openNow: 0,
      meanAgeDaysOpen: null,
    },
  ],
};

export const TIMESERIES_EXAMPLE = {
  pipelineId: 'default',
  interval: 'week',
  points: [
    { start: '2025-03-03T00:00:00.000Z', created: 6, advanced: 6, won: 0, lost: 1, wonAmount: {} },
    {
      start: '2025-03-10T00:00:00.000Z',
      created: 0,
      advanced: 1,
      won: 2,
      lost: 1,
      wonAmount: { EUR: 1100000, USD: 500000 },
    },
  ],
};
