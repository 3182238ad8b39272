import type { LeadEvent } from './lead-event.js';

/** Why a record or JSON value is not a readable event. Stable codes; counted by consumers. */
export type DecodeErrorCode =
  | 'empty_value'
  | 'invalid_json'
  | 'unknown_type'
  | 'invalid_event'
  | 'unsupported_version'
  | 'key_mismatch';

/** A failed decode: a stable `code`, a readable `message`, and what is known about it. */
export interface DecodeError {
  code: DecodeErrorCode;
  message: string;
  /** Schema violations, `path` dotted (`data.amount.value`), for `invalid_event`. */
  issues?: { path: string; message: string }[];
  /** The event type, when it could be read (from the value or the `ce_type` header). */
  type?: string;
}

/** Either a whole, valid, current-version event or an error — never half an event. */
export type DecodeResult = { ok: true; event: LeadEvent } | { ok: false; error: DecodeError };
