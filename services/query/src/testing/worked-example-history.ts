import { SCHEMA_VERSIONS, type LeadEvent } from '@dealflow/events';

type Draft =
  | { type: 'LeadCreated'; at: string; amount: number; currency: string; ownerId: string }
  | { type: 'StageAdvanced'; at: string; from: string; to: string; recordedAt?: string }
  | { type: 'DealWon'; at: string; from: string; amount: number; currency: string; reason?: string }
  | { type: 'DealLost'; at: string; from: string; reason: string };

/** The six leads of docs/metrics-worked-example.md, every event at 09:00 UTC. */
const leads: Record<string, Draft[]> = {
  A: [
    { type: 'LeadCreated', at: '03-03', amount: 1_000_000, currency: 'EUR', ownerId: 'ada' },
    { type: 'StageAdvanced', at: '03-05', from: 'qualify', to: 'demo' },
    { type: 'StageAdvanced', at: '03-08', from: 'demo', to: 'negotiation' },
    {
      type: 'DealWon',
      at: '03-10',
      from: 'negotiation',
      amount: 1_100_000,
      currency: 'EUR',
      reason: 'best_fit',
    },
  ],
  B: [
    { type: 'LeadCreated', at: '03-03', amount: 500_000, currency: 'USD', ownerId: 'bob' },
    { type: 'StageAdvanced', at: '03-05', from: 'qualify', to: 'demo' },
    { type: 'DealWon', at: '03-12', from: 'demo', amount: 500_000, currency: 'USD' },
  ],
  C: [
    { type: 'LeadCreated', at: '03-04', amount: 300_000, currency: 'EUR', ownerId: 'ada' },
    { type: 'StageAdvanced', at: '03-06', from: 'qualify', to: 'demo' },
    { type: 'DealLost', at: '03-09', from: 'demo', reason: 'no_budget' },
  ],
  D: [
    { type: 'LeadCreated', at: '03-04', amount: 800_000, currency: 'EUR', ownerId: 'bob' },
    { type: 'StageAdvanced', at: '03-06', from: 'qualify', to: 'proposal' },
    { type: 'DealLost', at: '03-13', from: 'proposal', reason: 'price' },
  ],
  E: [{ type: 'LeadCreated', at: '03-05', amount: 200_000, currency: 'EUR', ownerId: 'ada' }],
  F: [
    { type: 'LeadCreated', at: '03-05', amount: 600_000, currency: 'EUR', ownerId: 'bob' },
    { type: 'StageAdvanced', at: '03-07', from: 'qualify', to: 'demo' },
    // Backdated: entered on 2025-03-16, it happened on 03-10.
    { type: 'StageAdvanced', at: '03-10', from: 'demo', to: 'proposal', recordedAt: '03-16' },
  ],
};

const instant = (day: string) => `2025-${day}T09:00:00.000Z`;

function envelope(leadId: string, version: number, draft: Draft): LeadEvent {
  const base = {
    id: `0195${String(version).padStart(4, '0')}-0000-7000-8000-${leadId.charCodeAt(0).toString(16).padStart(12, '0')}`,
    leadId,
    version,
    pipelineId: 'default',
    occurredAt: instant(draft.at),
    recordedAt: instant('recordedAt' in draft && draft.recordedAt ? draft.recordedAt : draft.at),
    metadata: { actor: 'user:example' },
    schemaVersion: 1 as const,
  };
  switch (draft.type) {
    case 'LeadCreated': {
      const amount = { value: draft.amount, currency: draft.currency };
      const data = { name: `Lead ${leadId}`, ownerId: draft.ownerId, amount, stage: 'qualify' };
      const schemaVersion = SCHEMA_VERSIONS.LeadCreated;
      return { ...base, type: draft.type, data, schemaVersion, version: 1 };
    }
    case 'StageAdvanced':
      return { ...base, type: draft.type, data: { fromStage: draft.from, toStage: draft.to } };
    case 'DealWon': {
      const reason = draft.reason === undefined ? {} : { reason: draft.reason };
      const amount = { value: draft.amount, currency: draft.currency };
      return { ...base, type: draft.type, data: { amount, fromStage: draft.from, ...reason } };
    }
    case 'DealLost':
      return { ...base, type: draft.type, data: { reason: draft.reason, fromStage: draft.from } };
  }
}

/** The worked example's events in recording order (the backdated one last). */
export function workedExampleHistory(): LeadEvent[] {
  return Object.entries(leads)
    .flatMap(([id, drafts]) => drafts.map((d, i) => envelope(`lead-${id}`, i + 1, d)))
    .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
}
