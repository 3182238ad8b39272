import { DEFAULT_PIPELINE_ID, safeDivide, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { FunnelFilters, FunnelResponse } from '@dealflow/read-models';

/** What became of one lead, read straight from its own events. */
interface LeadOutcome {
  pipelineId: string;
  ownerId: string | undefined;
  source: string | undefined;
  createdAt: number;
  status: 'open' | 'won' | 'lost';
  /** The open stage the lead is in, or was in when it closed. */
  stage: string;
  /** Every open stage the lead was actually in. */
  visited: Set<string>;
}

/** Each lead's events once, in version order: duplicates (same lead and version) count once. */
function streams(events: readonly LeadEvent[]): Map<string, LeadEvent[]> {
  const byLead = new Map<string, Map<number, LeadEvent>>();
  for (const event of events) {
    const versions = byLead.get(event.leadId) ?? new Map<number, LeadEvent>();
    if (!versions.has(event.version)) versions.set(event.version, event);
    byLead.set(event.leadId, versions);
  }
  const result = new Map<string, LeadEvent[]>();
  for (const [leadId, versions] of byLead) {
    result.set(
      leadId,
      [...versions.values()].sort((a, b) => a.version - b.version),
    );
  }
  return result;
}

/** Replays one lead's history; `undefined` when it never got a LeadCreated. */
function outcomeOf(history: readonly LeadEvent[]): LeadOutcome | undefined {
  let lead: LeadOutcome | undefined;
  for (const event of history) {
    if (event.type === 'LeadCreated') {
      lead = {
        pipelineId: event.pipelineId,
        ownerId: event.data.ownerId,
        source: event.data.source,
        createdAt: Date.parse(event.occurredAt),
        status: 'open',
        stage: event.data.stage,
        visited: new Set([event.data.stage]),
      };
    } else if (lead !== undefined && lead.status === 'open') {
      if (event.type === 'StageAdvanced') {
        lead.stage = event.data.toStage;
        lead.visited.add(event.data.toStage);
      } else {
        lead.status = event.type === 'DealWon' ? 'won' : 'lost';
      }
    }
  }
  return lead;
}

function inScope(lead: LeadOutcome, pipelineId: string, filters: FunnelFilters): boolean {
  return (
    lead.pipelineId === pipelineId &&
    (filters.ownerId === undefined || lead.ownerId === filters.ownerId) &&
    (filters.source === undefined || lead.source === filters.source) &&
    (filters.from === undefined || lead.createdAt >= filters.from.getTime()) &&
    (filters.to === undefined || lead.createdAt < filters.to.getTime())
  );
}

/**
 * The `/v1/funnel` body of API.md computed the plain way — replay every lead's own events,
 * keep the leads of the cohort, count — with none of the read-model machinery, so tests can
 * hold the projector and the query against it.
 *
 * A lead reached open stage k when it was ever at k or a later open stage, or was won;
 * `current` counts open leads in the stage, `lost` the leads lost while in it. Scope: the
 * pipeline (default `default`), owner, source, and `[from, to)` on the LeadCreated `occurredAt`.
 *
 * @throws Error when the pipeline is not among `pipelines`
 * @example expect(await getFunnel(query)).toEqual(referenceFunnel(events, pipelines, filters));
 */
export function referenceFunnel(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: FunnelFilters = {},
): FunnelResponse {
  const pipelineId = filters.pipelineId ?? DEFAULT_PIPELINE_ID;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  if (pipeline === undefined) throw new Error(`unknown pipeline ${pipelineId}`);
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  const indexOf = (stageId: string): number => open.findIndex((stage) => stage.id === stageId);

  const leads = [...streams(events).values()]
    .map(outcomeOf)
    .filter(
      (lead): lead is LeadOutcome => lead !== undefined && inScope(lead, pipelineId, filters),
    );
  const furthest = (lead: LeadOutcome): number =>
    lead.status === 'won' ? open.length - 1 : Math.max(...[...lead.visited].map(indexOf));

  const won = leads.filter((lead) => lead.status === 'won').length;
  const lost = leads.filter((lead) => lead.status === 'lost').length;
  const reached = open.map((_, k) => leads.filter((lead) => furthest(lead) >= k).length);
  const first = reached[0] ?? 0;

  return {
    pipelineId,
    totals: { leads: leads.length, open: leads.length - won - lost, won, lost },
    winRate: safeDivide(won, leads.length),
    closeRate: safeDivide(won, won + lost),
    stages: open.map((stage, k) => {
      const here = reached[k] ?? 0;
      const next = k === open.length - 1 ? won : (reached[k + 1] ?? 0);
      return {
        stage: stage.id,
        position: k + 1,
        probability: stage.probability,
        reached: here,
        current: leads.filter((lead) => lead.status === 'open' && lead.stage === stage.id).length,
        lost: leads.filter((lead) => lead.status === 'lost' && lead.stage === stage.id).length,
        conversionToNext: safeDivide(next, here),
        cumulativeConversion: safeDivide(here, first),
      };
    }),
  };
}
