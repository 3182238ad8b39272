import type { LeadEventType } from './event-types.js';
import type { LeadEvent, LeadEventOf } from './lead-event.js';

const envelope = {
  schemaVersion: 1,
  leadId: 'lead-42',
  pipelineId: 'default',
  metadata: { correlationId: 'req-1', actor: 'user:ada' },
} as const;

/** One valid event of every type: the examples of the published contract (AsyncAPI, docs). */
export const EVENT_EXAMPLES: { [T in LeadEventType]: LeadEventOf<T> } = {
  LeadCreated: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000001',
    type: 'LeadCreated',
    version: 1,
    occurredAt: '2025-03-01T09:00:00.000Z',
    recordedAt: '2025-03-01T09:00:00.120Z',
    data: {
      // 'Ada Lovelace' and 'Analytical Engines Ltd', sealed with lead-42's key.
      name: 'enc:v1:hmmBuDu8NDSPnrS15-NxD8Do7aVjWpC37XcMnGSi4a9eeudKxBAiTw',
      company: 'enc:v1:p-SeFpSO05RhKAaFDIRQDRuvd92gGOu_qn47i5rN7-e7rC5D6CcocyErNEjapArIebk',
      source: 'web',
      ownerId: 'owner-1',
      amount: { value: 1_250_000, currency: 'EUR' },
      stage: 'qualify',
    },
  },
  StageAdvanced: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000002',
    type: 'StageAdvanced',
    version: 2,
    occurredAt: '2025-03-04T10:00:00.000Z',
    recordedAt: '2025-03-04T10:00:00.050Z',
    data: { fromStage: 'qualify', toStage: 'proposal' },
  },
  DealWon: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000003',
    type: 'DealWon',
    version: 3,
    occurredAt: '2025-03-20T16:30:00.000Z',
    recordedAt: '2025-03-20T16:30:00.010Z',
    data: {
      amount: { value: 1_100_000, currency: 'EUR' },
      reason: 'best fit',
      fromStage: 'proposal',
    },
  },
  DealLost: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000004',
    type: 'DealLost',
    version: 3,
    occurredAt: '2025-03-20T16:30:00.000Z',
    recordedAt: '2025-03-20T16:30:00.010Z',
    data: { reason: 'price', note: 'went with the cheaper offer', fromStage: 'proposal' },
  },
  StageMovedBack: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000005',
    type: 'StageMovedBack',
    version: 3,
    occurredAt: '2025-03-06T11:00:00.000Z',
    recordedAt: '2025-03-06T11:00:00.020Z',
    data: { fromStage: 'proposal', toStage: 'demo' },
  },
  DealReopened: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000006',
    type: 'DealReopened',
    version: 4,
    occurredAt: '2025-04-02T08:15:00.000Z',
    recordedAt: '2025-04-02T08:15:00.030Z',
    data: { fromStage: 'lost', toStage: 'negotiation' },
  },
  AmountChanged: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000007',
    type: 'AmountChanged',
    version: 3,
    occurredAt: '2025-03-10T14:00:00.000Z',
    recordedAt: '2025-03-10T14:00:00.015Z',
    data: {
      amount: { value: 1_400_000, currency: 'EUR' },
      previousAmount: { value: 1_250_000, currency: 'EUR' },
    },
  },
  OwnerReassigned: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000008',
    type: 'OwnerReassigned',
    version: 3,
    occurredAt: '2025-03-12T09:30:00.000Z',
    recordedAt: '2025-03-12T09:30:00.025Z',
    data: { ownerId: 'owner-2', previousOwnerId: 'owner-1' },
  },
  LeadErased: {
    ...envelope,
    id: '0192f3a0-7c1e-7000-8000-000000000009',
    type: 'LeadErased',
    version: 4,
    occurredAt: '2025-04-02T08:00:00.000Z',
    recordedAt: '2025-04-02T08:00:00.010Z',
    data: {},
  },
};

/** All examples, in type order. */
export const ALL_EVENT_EXAMPLES: readonly LeadEvent[] = Object.values(EVENT_EXAMPLES);
