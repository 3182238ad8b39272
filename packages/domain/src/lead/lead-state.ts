import type { Money } from '@dealflow/events';

/** A lead as `decide` sees it: nothing yet, or an open or closed lead. */
export type LeadState = { status: 'none' } | LeadSnapshot;

/** What the events of an existing lead add up to. Nullable fields are `null`, never absent. */
export interface LeadSnapshot {
  status: 'open' | 'won' | 'lost';
  leadId: string;
  pipelineId: string;
  /** The open stage the lead is in; `won` or `lost` once closed. */
  stage: string;
  /** Expected amount while open; the final amount once won. */
  amount: Money;
  /** Version of the last event applied (1 after `LeadCreated`). */
  version: number;
  name: string;
  company: string | null;
  source: string | null;
  ownerId: string | null;
  /** `occurredAt` of `LeadCreated`. */
  createdAt: string;
  /** `occurredAt` of the last event; a new event may not occur before it. */
  lastOccurredAt: string;
  /** `occurredAt` of `DealWon` / `DealLost`, else `null`. */
  closedAt: string | null;
  /** `occurredAt` of `LeadErased` (its personal data is gone), else `null`. */
  erasedAt: string | null;
}

/** The state of a lead before its first event. */
export function initialState(): LeadState {
  return { status: 'none' };
}
