import type { Money } from '@dealflow/events';

/**
 * What every command carries besides its own fields: the lead it targets, the business time it
 * claims (`occurredAt`, defaults to `now`) and the current time, passed in so `decide` stays
 * deterministic. Both are ISO 8601 UTC strings.
 */
interface CommandBase {
  leadId: string;
  occurredAt?: string;
  now: string;
}

/** Put a new lead into a pipeline's first stage. */
export interface CreateLead extends CommandBase {
  type: 'CreateLead';
  pipelineId: string;
  name: string;
  company?: string;
  source?: string;
  ownerId?: string;
  amount: Money;
}

/** Move an open lead forward to a later open stage (skipping is allowed). */
export interface AdvanceStage extends CommandBase {
  type: 'AdvanceStage';
  toStage: string;
}

/** Close a lead as won, at the given final amount or else its current amount. */
export interface WinDeal extends CommandBase {
  type: 'WinDeal';
  amount?: Money;
  reason?: string;
}

/** Close a lead as lost, for one of its pipeline's lost reasons. */
export interface LoseDeal extends CommandBase {
  type: 'LoseDeal';
  reason: string;
  note?: string;
}

/** Move an open lead back to an earlier open stage of its pipeline. */
export interface MoveBackStage extends CommandBase {
  type: 'MoveBackStage';
  toStage: string;
}

/** Reopen a won or lost deal into an open stage of its pipeline. */
export interface ReopenDeal extends CommandBase {
  type: 'ReopenDeal';
  toStage: string;
}

/** Change an open lead's expected amount (value, currency or both). */
export interface ChangeAmount extends CommandBase {
  type: 'ChangeAmount';
  amount: Money;
}

/** Hand an open lead to another owner. */
export interface ReassignOwner extends CommandBase {
  type: 'ReassignOwner';
  ownerId: string;
}

/**
 * Erase a lead's personal data: its key is deleted with the `LeadErased` event. Open, won or
 * lost alike; the lead's numbers stay, and later commands still apply to it.
 */
export interface EraseLead extends CommandBase {
  type: 'EraseLead';
}

/** Any command on a lead, discriminated on `type`. */
export type LeadCommand =
  | CreateLead
  | AdvanceStage
  | WinDeal
  | LoseDeal
  | MoveBackStage
  | ReopenDeal
  | ChangeAmount
  | ReassignOwner
  | EraseLead;
