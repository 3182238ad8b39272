import type { z } from 'zod';
import type { DecodeError, DecodeResult } from './decode-result.js';
import { isLeadEventType } from './is-lead-event-type.js';
import { leadEventSchema } from './lead-event.js';
import { upcast, type RawEnvelope } from './upcasters.js';

const fail = (error: DecodeError): DecodeResult => ({ ok: false, error });

const isRecord = (value: unknown): value is RawEnvelope =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const toIssues = (error: z.ZodError): NonNullable<DecodeError['issues']> =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));

/**
 * Reads an already-parsed JSON value as a lead event: checks the type, upcasts older schema
 * versions, then validates the whole envelope. Use it for envelopes read from the events table
 * or an HTTP body; {@link decodeEvent} wraps it for Kafka records. Never throws.
 */
export function parseEvent(value: unknown): DecodeResult {
  try {
    return parseUnsafe(value);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return fail({ code: 'invalid_event', message: `event could not be read: ${message}` });
  }
}

function parseUnsafe(value: unknown): DecodeResult {
  if (!isRecord(value)) {
    return fail({ code: 'invalid_event', message: 'an event envelope must be a JSON object' });
  }
  const { type, schemaVersion } = value;
  if (typeof type !== 'string') {
    return fail({ code: 'invalid_event', message: 'the envelope has no string `type`' });
  }
  if (!isLeadEventType(type)) {
    return fail({ code: 'unknown_type', message: `unknown event type ${type}`, type });
  }
  if (
    typeof schemaVersion !== 'number' ||
    !Number.isSafeInteger(schemaVersion) ||
    schemaVersion < 1
  ) {
    const message = '`schemaVersion` must be an integer >= 1';
    return fail({
      code: 'invalid_event',
      message,
      type,
      issues: [{ path: 'schemaVersion', message }],
    });
  }
  const upcasted = upcast(value, type, schemaVersion);
  if (!upcasted.ok) {
    return fail({ code: 'unsupported_version', message: upcasted.message, type });
  }
  const parsed = leadEventSchema.safeParse(upcasted.raw);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    return fail({ code: 'invalid_event', message: `invalid ${type}: ${summary}`, type, issues });
  }
  return { ok: true, event: parsed.data };
}
