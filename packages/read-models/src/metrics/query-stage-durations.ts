import { safeDivide, type Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import { visitStats } from './event-row-stats.js';
import type { StageDurationsResponse } from './metric-responses.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { metricScope, type MetricFilters } from './metric-scope.js';
import { byStage, loadTallies } from './metric-tallies.js';

const DAY_MS = 86_400_000;

/**
 * `GET /v1/metrics/stage-durations` for the scope of `filters`, per open stage: completed
 * visits (the lead left the stage — moved on, won or lost — in scope) with their mean and
 * median days from `metric_events`; and the leads open in the stage at the end of the scope
 * with their mean age in days at `asOf` (cohort: `asOf` or now; activity: the earlier of
 * `asOf` and `to`, or now) from the daily tables' `current` and `open_entered_ms`.
 */
export async function queryStageDurations<DB>(
  db: Kysely<DB>,
  version: number,
  pipeline: Pipeline,
  filters: MetricFilters,
  now: number,
): Promise<StageDurationsResponse> {
  const scoped = { ...filters, pipelineId: pipeline.id };
  // Counters and visit histograms are independent reads: side by side.
  const [tallies, visits] = await Promise.all([
    loadTallies(db, version, scoped, now, []),
    visitStats(
      db,
      readModelSchemaName(version),
      metricScope(scoped, now),
      pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id),
    ),
  ]);
  const stock = byStage([...tallies.start, ...tallies.flow]);
  const at = tallies.scope.ageAt;
  return {
    pipelineId: pipeline.id,
    asOf: new Date(at).toISOString(),
    stages: pipeline.stages
      .filter((s) => s.kind === 'open')
      .map((s) => {
        const v = visits.get(s.id);
        const openNow = stock.get(s.id)?.current ?? 0;
        const entered = stock.get(s.id)?.open_entered_ms ?? 0;
        const meanAgeMs = safeDivide(openNow * at - entered, openNow);
        return {
          stage: s.id,
          completedVisits: v?.count ?? 0,
          meanDays: v === undefined ? null : safeDivide(v.totalMs, v.count * DAY_MS),
          medianDays: v?.median ?? null,
          openNow,
          meanAgeDaysOpen: meanAgeMs === null ? null : meanAgeMs / DAY_MS,
        };
      }),
  };
}
