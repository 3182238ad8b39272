import { mean, median, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { MetricFilters, StageDurationsResponse } from '@dealflow/read-models';
import { referenceScope } from './reference-scope.js';
import { DAY_MS, openAtEnd, steps } from './reference-scope-helpers.js';

/** Events that end a visit of the stage the lead was in. */
const LEAVING = new Set(['StageAdvanced', 'StageMovedBack', 'DealWon', 'DealLost']);

/** Reference `GET /v1/metrics/stage-durations`, ages measured at `ageAt`. */
export function referenceStageDurations(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
  ageAt: Date,
): StageDurationsResponse {
  const scope = referenceScope(events, pipelines, filters);
  const visits = steps(scope, filters).filter(({ step }) => LEAVING.has(step.event.type));
  const open = openAtEnd(scope, filters);
  return {
    pipelineId: scope.pipeline.id,
    asOf: ageAt.toISOString(),
    stages: scope.open.map((stage) => {
      const days = visits
        .filter(({ step }) => step.before?.stage === stage.id)
        .map(({ step }) => (step.at - (step.before?.enteredAt ?? step.at)) / DAY_MS)
        .sort((a, b) => a - b);
      const ages = open
        .filter((l) => l.atEnd.stage === stage.id)
        .map((l) => (ageAt.getTime() - l.atEnd.enteredAt) / DAY_MS);
      return {
        stage: stage.id,
        completedVisits: days.length,
        meanDays: mean(days),
        medianDays: median(days),
        openNow: ages.length,
        meanAgeDaysOpen: mean(ages),
      };
    }),
  };
}
