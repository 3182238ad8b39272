import { DEFAULT_PIPELINE_ID, type Pipeline } from '@dealflow/domain';
import type { MetricFilters } from '@dealflow/read-models';
import {
  walkLeads,
  type LeadSnapshot,
  type LeadStep,
  type LeadWalk,
} from './reference-lead-walk.js';

/** A lead in play in the scope: as it was when the window opened, at its end, and its steps in it. */
export interface LeadInScope {
  walk: LeadWalk;
  atStart: LeadSnapshot | undefined;
  atEnd: LeadSnapshot;
  inWindow: LeadStep[];
}

/** The pipeline, its open stages, and the leads in play, for the reference metrics. */
export interface ReferenceScope {
  pipeline: Pipeline;
  open: Pipeline['stages'];
  leads: LeadInScope[];
}

const last = <T>(items: readonly T[]): T | undefined => items[items.length - 1];

/**
 * The leads a metric counts, read straight from each lead's own steps:
 * - cohort: leads created in [from, to) by `asOf`; their steps with occurredAt <= asOf.
 * - activity: the window is [from, to) cut at `asOf`; every lead with a step by then; its steps
 *   in the window count, and how it stood when the window opened (`atStart`).
 *
 * The owner filter is not applied here: metrics credit the owner at the moment of each event
 * (see {@link ownedBy}), so one lead may count for several owners.
 *
 * @throws Error when the pipeline is not among `pipelines`
 */
export function referenceScope(
  events: Parameters<typeof walkLeads>[0],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
): ReferenceScope {
  const pipelineId = filters.pipelineId ?? DEFAULT_PIPELINE_ID;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  if (pipeline === undefined) throw new Error(`unknown pipeline ${pipelineId}`);
  const asOf = filters.asOf?.getTime() ?? Infinity;
  const from = filters.from?.getTime() ?? -Infinity;
  const to = filters.to?.getTime() ?? Infinity;
  const activity = filters.window === 'activity';
  const windowStart = activity ? Math.min(from, to, asOf + 1) : -Infinity;
  const counts = (step: LeadStep) => step.at <= asOf && (!activity || step.at < to);
  const leads: LeadInScope[] = [];
  for (const walk of walkLeads(events)) {
    if (walk.pipelineId !== pipelineId) continue;
    if (filters.source !== undefined && walk.source !== filters.source) continue;
    if (!activity && !(walk.createdAt >= from && walk.createdAt < to)) continue;
    const before = walk.steps.filter((s) => s.at < windowStart);
    const inWindow = walk.steps.filter((s) => s.at >= windowStart && counts(s));
    const atStart = last(before)?.after;
    const atEnd = last(inWindow)?.after ?? atStart;
    if (atEnd === undefined) continue;
    leads.push({ walk, atStart, atEnd, inWindow });
  }
  return { pipeline, open: pipeline.stages.filter((s) => s.kind === 'open'), leads };
}

/** Whether a lead as it stood (or an event's lead after it) counts for the owner filter. */
export const ownedBy = (filters: MetricFilters, snapshot: LeadSnapshot | undefined): boolean =>
  snapshot !== undefined && (filters.ownerId === undefined || snapshot.ownerId === filters.ownerId);
