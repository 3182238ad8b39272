import type { LeadCommand } from '@dealflow/domain';
import type { EventMetadata } from '@dealflow/events';
import type { ErrorCode } from '@dealflow/runtime';
import { z } from 'zod';

/** The identity of one idempotent request: where the key applies, the key, what was asked. */
export interface IdempotencyClaim {
  /**
   * Method, route pattern, lead id and (with authentication on) the caller: the same key on
   * another lead or route, or from another caller, is another key — no caller can replay, or
   * be refused because of, another caller's request.
   */
  scope: string;
  key: string;
  /** sha256 of the canonical request: tells a true repeat from a reuse of the key. */
  requestHash: string;
}

/**
 * One unit of work: the commands of ONE lead, decided one after the other and appended all or
 * none. An HTTP command is a unit of one; an imported history is a unit of many.
 */
export interface CommandRequest {
  commands: readonly [LeadCommand, ...LeadCommand[]];
  /** From `If-Match`: the version the client expects the lead to be at. */
  expectedVersion: number | undefined;
  idempotency: IdempotencyClaim | undefined;
  metadata: EventMetadata;
  /**
   * The lead id was generated for this request (a fresh UUIDv7 no stored lead can hold), so
   * there is no stored state to read. Cleared when the unit is decided again after a lost race.
   */
  generatedLeadId?: boolean;
}

/** Where a lead is after an accepted command, and the position of its last event. */
export const AcceptedResult = z.object({
  leadId: z.string(),
  version: z.int().min(1),
  stage: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  lastPosition: z.int().min(0),
});

/** @see AcceptedResult */
export type AcceptedResult = z.infer<typeof AcceptedResult>;

/** Why a unit was refused; nothing of it was written. */
export interface Refusal {
  code: ErrorCode;
  detail: string;
  /** Dotted path of the command field at fault, if any. */
  field?: string;
  /** Index of the refused command in the unit (0 for a single command). */
  commandIndex: number;
  /** For `version_conflict`: the lead's version. */
  currentVersion?: number;
}

/**
 * What executing a unit gives: accepted (maybe the replay of an earlier request with the same
 * idempotency key) or refused. No HTTP in it: the route maps it to status and headers.
 */
export type CommandResult =
  ({ ok: true; replayed: boolean } & AcceptedResult) | { ok: false; refusal: Refusal };
