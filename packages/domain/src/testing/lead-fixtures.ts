import type { Money } from '@dealflow/events';
import type { PendingEvent } from '../lead/decision.js';
import type {
  AdvanceStage,
  ChangeAmount,
  CreateLead,
  EraseLead,
  LoseDeal,
  MoveBackStage,
  ReassignOwner,
  ReopenDeal,
  WinDeal,
} from '../lead/lead-command.js';
import { LEAD_ID } from './decider-spec.js';

type Pending<T extends PendingEvent['type']> = Extract<PendingEvent, { type: T }>;

/** Test-only builders of commands and expected events, all on the `default` pipeline. */
export const T0 = '2025-03-01T09:00:00.000Z';
export const T1 = '2025-03-02T09:00:00.000Z';
export const T2 = '2025-03-03T09:00:00.000Z';
export const T3 = '2025-03-04T09:00:00.000Z';

export const EUR = (value: number): Money => ({ value, currency: 'EUR' });

export const createLead = (patch: Partial<CreateLead> = {}): CreateLead => ({
  type: 'CreateLead',
  leadId: LEAD_ID,
  pipelineId: 'default',
  name: 'Ada Lovelace',
  amount: EUR(1_000_000),
  now: T0,
  ...patch,
});

export const advance = (toStage: string, patch: Partial<AdvanceStage> = {}): AdvanceStage => ({
  type: 'AdvanceStage',
  leadId: LEAD_ID,
  toStage,
  now: T1,
  ...patch,
});

export const win = (patch: Partial<WinDeal> = {}): WinDeal => ({
  type: 'WinDeal',
  leadId: LEAD_ID,
  now: T2,
  ...patch,
});

export const lose = (reason: string, patch: Partial<LoseDeal> = {}): LoseDeal => ({
  type: 'LoseDeal',
  leadId: LEAD_ID,
  reason,
  now: T2,
  ...patch,
});

export const created = (occurredAt = T0, stage = 'qualify'): Pending<'LeadCreated'> => ({
  type: 'LeadCreated',
  data: { name: 'Ada Lovelace', amount: EUR(1_000_000), stage },
  occurredAt,
  pipelineId: 'default',
});

export const advanced = (
  fromStage: string,
  toStage: string,
  occurredAt = T1,
): Pending<'StageAdvanced'> => ({
  type: 'StageAdvanced',
  data: { fromStage, toStage },
  occurredAt,
  pipelineId: 'default',
});

export const won = (
  fromStage: string,
  amount = EUR(1_000_000),
  occurredAt = T2,
): Pending<'DealWon'> => ({
  type: 'DealWon',
  data: { amount, fromStage },
  occurredAt,
  pipelineId: 'default',
});

export const lost = (fromStage: string, reason: string, occurredAt = T2): Pending<'DealLost'> => ({
  type: 'DealLost',
  data: { reason, fromStage },
  occurredAt,
  pipelineId: 'default',
});

export const moveBack = (toStage: string, patch: Partial<MoveBackStage> = {}): MoveBackStage => ({
  type: 'MoveBackStage',
  leadId: LEAD_ID,
  toStage,
  now: T2,
  ...patch,
});

export const reopen = (toStage: string, patch: Partial<ReopenDeal> = {}): ReopenDeal => ({
  type: 'ReopenDeal',
  leadId: LEAD_ID,
  toStage,
  now: T3,
  ...patch,
});

export const changeAmount = (amount: Money, patch: Partial<ChangeAmount> = {}): ChangeAmount => ({
  type: 'ChangeAmount',
  leadId: LEAD_ID,
  amount,
  now: T2,
  ...patch,
});

export const reassign = (ownerId: string, patch: Partial<ReassignOwner> = {}): ReassignOwner => ({
  type: 'ReassignOwner',
  leadId: LEAD_ID,
  ownerId,
  now: T2,
  ...patch,
});

export const movedBack = (
  fromStage: string,
  toStage: string,
  occurredAt = T2,
): Pending<'StageMovedBack'> => ({
  type: 'StageMovedBack',
  data: { fromStage, toStage },
  occurredAt,
  pipelineId: 'default',
});

export const reopened = (
  fromStage: string,
  toStage: string,
  occurredAt = T3,
): Pending<'DealReopened'> => ({
  type: 'DealReopened',
  data: { fromStage, toStage },
  occurredAt,
  pipelineId: 'default',
});

export const amountChanged = (
  amount: Money,
  previousAmount = EUR(1_000_000),
  occurredAt = T2,
): Pending<'AmountChanged'> => ({
  type: 'AmountChanged',
  data: { amount, previousAmount },
  occurredAt,
  pipelineId: 'default',
});

export const reassigned = (
  ownerId: string,
  previousOwnerId?: string,
  occurredAt = T2,
): Pending<'OwnerReassigned'> => ({
  type: 'OwnerReassigned',
  data: previousOwnerId === undefined ? { ownerId } : { ownerId, previousOwnerId },
  occurredAt,
  pipelineId: 'default',
});

export const erase = (patch: Partial<EraseLead> = {}): EraseLead => ({
  type: 'EraseLead',
  leadId: LEAD_ID,
  now: T3,
  ...patch,
});

export const erased = (occurredAt = T3): Pending<'LeadErased'> => ({
  type: 'LeadErased',
  data: {},
  occurredAt,
  pipelineId: 'default',
});
