/** The shapes of the query API's answers that the dashboard shows (docs/API.md). */
export type Money = Record<string, number>;

export interface Pipeline {
  id: string;
  name?: string;
  stages: { id: string; position?: number; probability: number; kind?: string }[];
}

export interface FunnelStage {
  stage: string;
  position: number;
  probability: number;
  reached: number;
  current: number;
  lost: number;
  conversionToNext: number | null;
  cumulativeConversion: number | null;
}

export interface Funnel {
  pipelineId: string;
  totals: { leads: number; open: number; won: number; lost: number };
  winRate: number | null;
  closeRate: number | null;
  stages: FunnelStage[];
}

export interface Summary {
  leads: number;
  open: number;
  won: number;
  lost: number;
  winRate: number | null;
  closeRate: number | null;
  averageDealSize: Record<string, { mean: number | null; median: number | null; count: number }>;
  salesCycleDays: { mean: number | null; median: number | null; p90: number | null; count: number };
  weightedPipeline: Money;
  salesVelocity: {
    perDay: Record<string, number | null>;
    opportunities: number;
    averageDealSize: Record<string, number | null>;
    winRate: number | null;
    cycleDays: number | null;
  };
}

export interface Reasons {
  total: number;
  reasons: {
    reason: string;
    count: number;
    share: number | null;
    byStage: Record<string, number>;
  }[];
}

export interface StageDurations {
  stages: {
    stage: string;
    completedVisits: number;
    meanDays: number | null;
    medianDays: number | null;
    openNow: number;
    meanAgeDaysOpen: number | null;
  }[];
}

export interface Timeseries {
  interval: 'day' | 'week' | 'month';
  points: { start: string; created: number; advanced: number; won: number; lost: number }[];
}
