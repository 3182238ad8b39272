import type { Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import { readModelSchemaName } from '../read-model-schema.js';
import { METRIC_COUNTERS, zeroCounters, type MetricCounters } from './metric-counters.js';
import { metricScope, type MetricFilters, type MetricScope } from './metric-scope.js';
import { sumMetricDeltas, type KeyedSums, type SumKey } from './sum-metric-deltas.js';

/** The summed counters a metric is computed from. */
export interface MetricTallies {
  scope: MetricScope;
  schema: string;
  /** Activity window: the stock just before it opened; empty for the cohort window. */
  start: KeyedSums[];
  /** The events of the scope (cohort: everything up to asOf; activity: the window). */
  flow: KeyedSums[];
}

/**
 * Sums the counters of `filters` in read-model `version` (two set-based queries at most), per
 * stage and `keys` (all by default; {@link SumKey}).
 */
export async function loadTallies<DB>(
  db: Kysely<DB>,
  version: number,
  filters: MetricFilters,
  now: number,
  keys?: readonly SumKey[],
): Promise<MetricTallies> {
  const scope = metricScope(filters, now);
  const schema = readModelSchemaName(version);
  const [start, flow] = await Promise.all([
    scope.start === null
      ? Promise.resolve([])
      : sumMetricDeltas(db, schema, scope, scope.created, scope.start, keys),
    sumMetricDeltas(db, schema, scope, scope.created, scope.flow, keys),
  ]);
  return { scope, schema, start, flow };
}

/** Counters summed per stage (over currencies and reasons). */
export function byStage(rows: readonly KeyedSums[]): Map<string, MetricCounters> {
  const out = new Map<string, MetricCounters>();
  for (const row of rows) {
    const sum = out.get(row.stage) ?? zeroCounters();
    for (const k of METRIC_COUNTERS) sum[k] += row.sums[k];
    out.set(row.stage, sum);
  }
  return out;
}

/** Per open stage of the pipeline: the counts every funnel-like metric is made of. */
export interface StageCounts {
  stage: string;
  probability: number;
  /** In play and ever at this stage or beyond during the scope (a won lead reached all). */
  reached: number;
  /** In play and actually in this stage during the scope. */
  touched: number;
  progressed: number;
  /** Open in this stage at the end of the scope. */
  current: number;
  lost: number;
  won: number;
}

/**
 * Stage counts of `tallies`: for the activity window, the leads open when it opened are in
 * play too — a lead open at stage j counts as reached for every stage ≤ j and touched at j.
 */
export function stageCounts(pipeline: Pipeline, tallies: MetricTallies): StageCounts[] {
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const start = byStage(tallies.start);
  const flow = byStage(tallies.flow);
  const startCurrent = open.map((s) => start.get(s.id)?.current ?? 0);
  return open.map((s, k) => {
    const f = flow.get(s.id) ?? zeroCounters();
    const openAtStartHereOrLater = startCurrent.slice(k).reduce((a, b) => a + b, 0);
    const here = startCurrent[k] ?? 0;
    return {
      stage: s.id,
      probability: s.probability,
      reached: openAtStartHereOrLater + f.reached,
      touched: here + f.touched,
      progressed: f.progressed,
      current: here + f.current,
      lost: f.lost,
      won: f.won,
    };
  });
}
