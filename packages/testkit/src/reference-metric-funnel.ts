import { rate, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { FunnelResponse, MetricFilters } from '@dealflow/read-models';
import type { LeadSnapshot, LeadStep } from './reference-lead-walk.js';
import { referenceScope, type ReferenceScope } from './reference-scope.js';
import { closeSign, openAtEnd, openAtStart, steps } from './reference-scope-helpers.js';

/** Index of the furthest open stage the lead reached (−1 before it exists). */
function furthestIndex(scope: ReferenceScope, snapshot: LeadSnapshot | undefined): number {
  if (snapshot === undefined) return -1;
  if (snapshot.reachedAll) return scope.open.length - 1;
  const indexes = [...snapshot.visited].map((id) => scope.open.findIndex((s) => s.id === id));
  return Math.max(-1, ...indexes);
}

/** The open stage an event puts the lead in (entered), if any. */
function enteredStage(step: LeadStep): string | undefined {
  const { event } = step;
  if (event.type === 'LeadCreated') return event.data.stage;
  if (
    event.type === 'StageAdvanced' ||
    event.type === 'StageMovedBack' ||
    event.type === 'DealReopened'
  ) {
    return event.data.toStage;
  }
  return undefined;
}

/**
 * Reference `GET /v1/funnel` for every window, asOf and mode (see `referenceScope`), by the
 * semantics of docs/crm-histories.md: reached is a set (a stage counts at the first arrival at
 * it or beyond), touched counts each entry, current follows the latest state, won and lost
 * count the latest outcome (a reopening takes its close back), each credited to the owner at
 * the moment of the event.
 */
export function referenceMetricFunnel(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters & { mode?: 'reached' | 'touched' },
): FunnelResponse {
  const scope = referenceScope(events, pipelines, filters);
  const { open } = scope;
  const index = (stage: string) => open.findIndex((s) => s.id === stage);
  const inWindow = steps(scope, filters);
  const atStart = openAtStart(scope, filters);
  const atEnd = openAtEnd(scope, filters);
  const net = (outcome: 'won' | 'lost', stage?: string) =>
    inWindow
      .filter(({ step }) => stage === undefined || step.before?.stage === stage)
      .reduce((sum, { step }) => sum + closeSign(step, outcome), 0);
  const won = net('won');
  const lost = net('lost');
  const arrivals = inWindow.map(({ step }) => ({
    before: furthestIndex(scope, step.before),
    after: furthestIndex(scope, step.after),
  }));
  const reached = open.map(
    (_, k) =>
      atStart.filter((l) => index(l.atStart?.stage ?? '') >= k).length +
      arrivals.filter((a) => a.before < k && a.after >= k).length,
  );
  const touched = open.map(
    (s) =>
      atStart.filter((l) => l.atStart?.stage === s.id).length +
      inWindow.filter(({ step }) => enteredStage(step) === s.id).length,
  );
  const total = reached[0] ?? 0;
  const mode = filters.mode ?? 'reached';
  return {
    pipelineId: scope.pipeline.id,
    totals: { leads: total, open: atEnd.length, won, lost },
    winRate: rate(won, total),
    closeRate: rate(won, won + lost),
    stages: open.map((stage, k) => {
      const here = (mode === 'reached' ? reached[k] : touched[k]) ?? 0;
      const movedOn = inWindow.filter(
        ({ step }) =>
          (step.event.type === 'StageAdvanced' || step.event.type === 'DealWon') &&
          step.before?.stage === stage.id,
      ).length;
      const next =
        mode === 'touched' ? movedOn : k === open.length - 1 ? won : (reached[k + 1] ?? 0);
      return {
        stage: stage.id,
        position: k + 1,
        probability: stage.probability,
        reached: here,
        current: atEnd.filter((l) => l.atEnd.stage === stage.id).length,
        lost: net('lost', stage.id),
        conversionToNext: rate(next, here),
        cumulativeConversion: rate(here, total),
      };
    }),
  };
}
