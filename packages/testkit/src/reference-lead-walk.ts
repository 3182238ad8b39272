import type { LeadEvent } from '@dealflow/events';

/** One lead as it stands after some of its events. */
export interface LeadSnapshot {
  status: 'open' | 'won' | 'lost';
  /** The open stage it is in, or was in when it closed. */
  stage: string;
  /** When it entered `stage`. */
  enteredAt: number;
  /** Expected amount while open; final amount once won. */
  amount: number;
  currency: string;
  /** Every open stage it was actually in. */
  visited: Set<string>;
}

/** One event of a lead, with the lead as it was just before and just after it. */
export interface LeadStep {
  event: LeadEvent;
  at: number;
  before: LeadSnapshot | undefined;
  after: LeadSnapshot;
}

/** A lead's identity and its steps in version order. */
export interface LeadWalk {
  leadId: string;
  pipelineId: string;
  ownerId: string | undefined;
  source: string | undefined;
  createdAt: number;
  steps: LeadStep[];
}

function stepOf(snapshot: LeadSnapshot | undefined, event: LeadEvent, at: number) {
  if (event.type === 'LeadCreated') {
    const { stage, amount } = event.data;
    return {
      status: 'open' as const,
      stage,
      enteredAt: at,
      amount: amount.value,
      currency: amount.currency,
      visited: new Set([stage]),
    };
  }
  if (snapshot === undefined || snapshot.status !== 'open') return undefined;
  if (event.type === 'StageAdvanced') {
    const visited = new Set(snapshot.visited).add(event.data.toStage);
    return { ...snapshot, stage: event.data.toStage, enteredAt: at, visited };
  }
  if (event.type === 'DealWon') {
    const { value, currency } = event.data.amount;
    return { ...snapshot, status: 'won' as const, amount: value, currency };
  }
  return { ...snapshot, status: 'lost' as const };
}

/**
 * Every lead of `events` replayed on its own: duplicates (same lead and version) count once,
 * events apply in version order — the plain reading of the event list, sharing nothing with
 * the projector's fold.
 */
export function walkLeads(events: readonly LeadEvent[]): LeadWalk[] {
  const byLead = new Map<string, Map<number, LeadEvent>>();
  for (const event of events) {
    const versions = byLead.get(event.leadId) ?? new Map<number, LeadEvent>();
    if (!versions.has(event.version)) versions.set(event.version, event);
    byLead.set(event.leadId, versions);
  }
  const walks: LeadWalk[] = [];
  for (const [leadId, versions] of byLead) {
    const ordered = [...versions.values()].sort((a, b) => a.version - b.version);
    const created = ordered[0];
    if (created?.type !== 'LeadCreated') continue;
    const steps: LeadStep[] = [];
    let snapshot: LeadSnapshot | undefined;
    for (const event of ordered) {
      const at = Date.parse(event.occurredAt);
      const after = stepOf(snapshot, event, at);
      if (after === undefined) continue;
      steps.push({ event, at, before: snapshot, after });
      snapshot = after;
    }
    walks.push({
      leadId,
      pipelineId: created.pipelineId,
      ownerId: created.data.ownerId,
      source: created.data.source,
      createdAt: Date.parse(created.occurredAt),
      steps,
    });
  }
  return walks;
}
