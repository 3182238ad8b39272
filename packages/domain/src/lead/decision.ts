import type { LeadEventOf, LeadEventType } from '@dealflow/events';

/**
 * An event `decide` wants appended. The event store adds the envelope's `id`, `leadId`,
 * `version`, `schemaVersion`, `recordedAt` and `metadata`.
 */
export type PendingEvent = {
  [T in LeadEventType]: {
    type: T;
    data: LeadEventOf<T>['data'];
    occurredAt: string;
    pipelineId: string;
  };
}[LeadEventType];

/** The stable codes of a rejected command (API.md maps them to HTTP at the edge). */
export type DomainErrorCode =
  | 'lead_exists'
  | 'lead_not_found'
  | 'lead_closed'
  | 'lead_not_closed'
  | 'invalid_transition'
  | 'validation_error'
  | 'already_erased';

/** Why a command was rejected: a code, a readable detail, and the offending field if any. */
export interface DomainError {
  code: DomainErrorCode;
  detail: string;
  /** Dotted path of the command field at fault, e.g. `amount.currency`. */
  field?: string;
}

/** The outcome of `decide`: the events to append, or why nothing is written. */
export type Decision = { ok: true; events: PendingEvent[] } | { ok: false; error: DomainError };
