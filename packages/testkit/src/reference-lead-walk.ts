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
  /** Its owner now. */
  ownerId: string | undefined;
  /** Every open stage it was actually in. */
  visited: Set<string>;
  /** It was won once: a won lead reached every open stage, also after a reopening. */
  reachedAll: boolean;
  /** When it closed (while closed), and its won/lost reason. */
  closedAt: number | undefined;
  reason: string | undefined;
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
  source: string | undefined;
  createdAt: number;
  steps: LeadStep[];
}

const entering = (snapshot: LeadSnapshot, stage: string, at: number): LeadSnapshot => ({
  ...snapshot,
  status: 'open',
  stage,
  enteredAt: at,
  visited: new Set(snapshot.visited).add(stage),
  closedAt: undefined,
  reason: undefined,
});

function stepOf(
  snapshot: LeadSnapshot | undefined,
  event: LeadEvent,
  at: number,
): LeadSnapshot | undefined {
  if (event.type === 'LeadCreated') {
    const { stage, amount, ownerId } = event.data;
    return {
      status: 'open',
      stage,
      enteredAt: at,
      amount: amount.value,
      currency: amount.currency,
      ownerId,
      visited: new Set([stage]),
      reachedAll: false,
      closedAt: undefined,
      reason: undefined,
    };
  }
  if (snapshot === undefined) return undefined;
  if (event.type === 'DealReopened') {
    return snapshot.status === 'open' ? undefined : entering(snapshot, event.data.toStage, at);
  }
  if (snapshot.status !== 'open') return undefined;
  switch (event.type) {
    case 'StageAdvanced':
    case 'StageMovedBack':
      return entering(snapshot, event.data.toStage, at);
    case 'AmountChanged':
      return { ...snapshot, amount: event.data.amount.value, currency: event.data.amount.currency };
    case 'OwnerReassigned':
      return { ...snapshot, ownerId: event.data.ownerId };
    case 'DealWon': {
      const { value, currency } = event.data.amount;
      const { reason } = event.data;
      return {
        ...snapshot,
        status: 'won',
        amount: value,
        currency,
        reachedAll: true,
        closedAt: at,
        reason,
      };
    }
    case 'DealLost':
      return { ...snapshot, status: 'lost', closedAt: at, reason: event.data.reason };
    case 'LeadErased':
      // Personal data only: no step of any metric.
      return undefined;
  }
}

/**
 * Every lead of `events` replayed on its own: duplicates (same lead and version) count once,
 * events apply in version order — the plain reading of the event list, sharing nothing with
 * the projector's fold.
 */
export function walkLeads(events: readonly LeadEvent[]): LeadWalk[] {
  const cached = walked.get(events);
  if (cached?.length === events.length) return cached.walks;
  const walks = walk(events);
  walked.set(events, { length: events.length, walks });
  return walks;
}

/**
 * The walks of each event list already walked (every reference metric walks the same list),
 * with the length it had: a list that grew since is walked again.
 */
const walked = new WeakMap<readonly LeadEvent[], { length: number; walks: LeadWalk[] }>();

function walk(events: readonly LeadEvent[]): LeadWalk[] {
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
      source: created.data.source,
      createdAt: Date.parse(created.occurredAt),
      steps,
    });
  }
  return walks;
}
