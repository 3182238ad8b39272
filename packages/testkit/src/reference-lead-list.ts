import type { LeadEvent } from '@dealflow/events';
import type { LeadDetail, LeadListFilters, LeadSortKey, StageVisit } from '@dealflow/read-models';

/** Each lead's events once, in version order (duplicates of a version count once). */
function streams(events: readonly LeadEvent[]): LeadEvent[][] {
  const byLead = new Map<string, Map<number, LeadEvent>>();
  for (const event of events) {
    const versions = byLead.get(event.leadId) ?? new Map<number, LeadEvent>();
    if (!versions.has(event.version)) versions.set(event.version, event);
    byLead.set(event.leadId, versions);
  }
  return [...byLead.values()].map((v) => [...v.values()].sort((a, b) => a.version - b.version));
}

const iso = (at: string) => new Date(at).toISOString();

/** One lead replayed from its own events, the plain way. */
function replay(history: readonly LeadEvent[]): LeadDetail | undefined {
  const [created, ...rest] = history;
  if (created?.type !== 'LeadCreated') return undefined;
  const { data } = created;
  const at = iso(created.occurredAt);
  const timeline: StageVisit[] = [
    { seq: created.version, stage: data.stage, enteredAt: at, leftAt: null },
  ];
  const lead: LeadDetail = {
    leadId: created.leadId,
    pipelineId: created.pipelineId,
    name: data.name,
    company: data.company ?? null,
    erased: false,
    stage: data.stage,
    status: 'open',
    ownerId: data.ownerId ?? null,
    source: data.source ?? null,
    amount: { ...data.amount },
    createdAt: at,
    lastActivityAt: at,
    stageEnteredAt: at,
    closedAt: null,
    reason: null,
    version: created.version,
    timeline,
  };
  for (const event of rest) {
    if (event.version !== lead.version + 1) break;
    const when = iso(event.occurredAt);
    if (event.type === 'LeadErased') {
      // Name and company read as erased; no activity, no stage, every number unchanged.
      Object.assign(lead, { name: null, company: null, erased: true, version: event.version });
      continue;
    }
    const closed = lead.status !== 'open';
    // Amount and owner change only while the deal is open; a closed deal only reopens.
    if (event.type === 'AmountChanged' || event.type === 'OwnerReassigned') {
      if (closed) break;
      if (event.type === 'AmountChanged') lead.amount = { ...event.data.amount };
      else lead.ownerId = event.data.ownerId;
      lead.lastActivityAt = when;
      lead.version = event.version;
      continue;
    }
    if (closed !== (event.type === 'DealReopened')) break;
    const stage =
      event.type === 'StageAdvanced' ||
      event.type === 'StageMovedBack' ||
      event.type === 'DealReopened'
        ? event.data.toStage
        : event.type === 'DealWon'
          ? 'won'
          : event.type === 'DealLost'
            ? 'lost'
            : undefined;
    if (stage === undefined) break;
    const previous = timeline.at(-1);
    if (previous !== undefined) previous.leftAt = when;
    timeline.push({ seq: event.version, stage, enteredAt: when, leftAt: null });
    lead.stage = stage;
    lead.stageEnteredAt = when;
    lead.lastActivityAt = when;
    lead.version = event.version;
    if (event.type === 'DealWon') {
      lead.status = 'won';
      lead.amount = { ...event.data.amount };
      lead.reason = event.data.reason ?? null;
      lead.closedAt = when;
    } else if (event.type === 'DealLost') {
      lead.status = 'lost';
      lead.reason = event.data.reason;
      lead.closedAt = when;
    } else if (event.type === 'DealReopened') {
      lead.status = 'open';
      lead.reason = null;
      lead.closedAt = null;
    }
  }
  return lead;
}

/** Every lead of `events`, each with its stage timeline, replayed without the read models. */
export function referenceLeads(events: readonly LeadEvent[]): Map<string, LeadDetail> {
  const leads = new Map<string, LeadDetail>();
  for (const history of streams(events)) {
    const lead = replay(history);
    if (lead !== undefined) leads.set(lead.leadId, lead);
  }
  return leads;
}

const ms = (at: string) => Date.parse(at);

function matches(lead: LeadDetail, f: LeadListFilters): boolean {
  const text = `${lead.name ?? ''} ${lead.company ?? ''}`.toLowerCase();
  return (
    lead.pipelineId === f.pipelineId &&
    (f.stage === undefined || lead.stage === f.stage) &&
    (f.status === undefined || lead.status === f.status) &&
    (f.ownerId === undefined || lead.ownerId === f.ownerId) &&
    (f.source === undefined || lead.source === f.source) &&
    (f.currency === undefined || lead.amount.currency === f.currency) &&
    (f.amountMin === undefined || lead.amount.value >= f.amountMin) &&
    (f.amountMax === undefined || lead.amount.value <= f.amountMax) &&
    (f.createdFrom === undefined || ms(lead.createdAt) >= f.createdFrom.getTime()) &&
    (f.createdTo === undefined || ms(lead.createdAt) < f.createdTo.getTime()) &&
    (f.activityFrom === undefined || ms(lead.lastActivityAt) >= f.activityFrom.getTime()) &&
    (f.activityTo === undefined || ms(lead.lastActivityAt) < f.activityTo.getTime()) &&
    (f.q === undefined || text.includes(f.q.toLowerCase()))
  );
}

const sortValue = (lead: LeadDetail, sort: LeadSortKey): number =>
  sort === 'amount'
    ? lead.amount.value
    : sort === 'createdAt'
      ? ms(lead.createdAt)
      : ms(lead.lastActivityAt);

/**
 * The whole lead list of API.md `GET /v1/leads` computed the plain way: replay every lead,
 * filter, sort by the key and then the lead id (code-unit order), in the asked direction.
 * Text search is a case-insensitive substring of "name company" (ASCII case folding).
 */
export function referenceLeadList(
  events: readonly LeadEvent[],
  filters: LeadListFilters,
  sort: LeadSortKey,
  order: 'asc' | 'desc',
): LeadDetail[] {
  const sign = order === 'asc' ? 1 : -1;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...referenceLeads(events).values()]
    .filter((lead) => matches(lead, filters))
    .sort((a, b) => sign * (sortValue(a, sort) - sortValue(b, sort) || cmp(a.leadId, b.leadId)));
}
