/** Money per ISO 4217 currency, in minor units (never mixed across currencies). */
export type PerCurrency<T> = Record<string, T>;

/** Body of `GET /v1/metrics/summary` (API.md). */
export interface SummaryResponse {
  pipelineId: string;
  leads: number;
  open: number;
  won: number;
  lost: number;
  winRate: number | null;
  closeRate: number | null;
  averageDealSize: PerCurrency<{ mean: number | null; median: number | null; count: number }>;
  salesCycleDays: {
    mean: number | null;
    median: number | null;
    p90: number | null;
    count: number;
  };
  weightedPipeline: PerCurrency<number>;
  salesVelocity: {
    perDay: PerCurrency<number | null>;
    opportunities: number;
    averageDealSize: PerCurrency<number | null>;
    winRate: number | null;
    cycleDays: number | null;
  };
}

/** One reason of `GET /v1/metrics/lost-reasons` / `won-reasons`. */
export interface ReasonRow {
  reason: string;
  count: number;
  share: number | null;
  amount: PerCurrency<number>;
  byStage: Record<string, number>;
}

/** Body of the reason reports (API.md). */
export interface ReasonsResponse {
  pipelineId: string;
  total: number;
  reasons: ReasonRow[];
}

/** One open stage of `GET /v1/metrics/stage-durations`. */
export interface StageDurationRow {
  stage: string;
  completedVisits: number;
  meanDays: number | null;
  medianDays: number | null;
  openNow: number;
  meanAgeDaysOpen: number | null;
}

/** Body of `GET /v1/metrics/stage-durations` (API.md). */
export interface StageDurationsResponse {
  pipelineId: string;
  /** The instant open leads' ages are measured at (ISO 8601). */
  asOf: string;
  stages: StageDurationRow[];
}

/** One bucket of `GET /v1/metrics/timeseries`. */
export interface TimeseriesPoint {
  start: string;
  created: number;
  advanced: number;
  won: number;
  lost: number;
  wonAmount: PerCurrency<number>;
}

/** Body of `GET /v1/metrics/timeseries` (API.md). */
export interface TimeseriesResponse {
  pipelineId: string;
  interval: 'day' | 'week' | 'month';
  points: TimeseriesPoint[];
}
