import type { MetricFilters } from '@dealflow/read-models';
import type { LeadStep } from './reference-lead-walk.js';
import { ownedBy, type ReferenceScope } from './reference-scope.js';

export const DAY_MS = 86_400_000;
export const byKey = <T>(entries: [string, T][]) =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));

/** +1 for a close with `outcome`, −1 for a reopening that takes such a close back, else 0. */
export function closeSign(step: LeadStep, outcome: 'won' | 'lost'): number {
  if (step.event.type === (outcome === 'won' ? 'DealWon' : 'DealLost')) return 1;
  return step.event.type === 'DealReopened' && step.before?.status === outcome ? -1 : 0;
}

/** The in-window steps of the scope credited to the filter's owner (owner at the event). */
export const steps = (scope: ReferenceScope, filters: MetricFilters) =>
  scope.leads.flatMap((lead) =>
    lead.inWindow.filter((step) => ownedBy(filters, step.after)).map((step) => ({ lead, step })),
  );

/** Leads open when the window opened, credited to the owner they had then. */
export const openAtStart = (scope: ReferenceScope, filters: MetricFilters) =>
  scope.leads.filter((l) => l.atStart?.status === 'open' && ownedBy(filters, l.atStart));

/** Leads open at the end of the scope, credited to the owner they have then. */
export const openAtEnd = (scope: ReferenceScope, filters: MetricFilters) =>
  scope.leads.filter((l) => l.atEnd.status === 'open' && ownedBy(filters, l.atEnd));
