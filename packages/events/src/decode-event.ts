import type { Buffer } from 'node:buffer';
import type { DecodeError, DecodeResult } from './decode-result.js';
import type { KafkaRecordInput } from './kafka-record.js';
import { parseEvent } from './parse-event.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type HeaderValue = NonNullable<KafkaRecordInput['headers']>[string];

const asText = (value: Buffer | string): string =>
  typeof value === 'string' ? value : value.toString('utf8');

function headerText(value: HeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : asText(first);
}

/** A failure; the `ce_type` header names the type when the value could not (read only here). */
function fail(error: DecodeError, record: KafkaRecordInput): DecodeResult {
  const typeHint = error.type === undefined ? headerText(record.headers?.['ce_type']) : undefined;
  return { ok: false, error: typeHint === undefined ? error : { ...error, type: typeHint } };
}

/**
 * Reads a consumed Kafka record as a lead event. The value is the source of truth; headers are
 * only used to name the type in errors when the value cannot be read. A record whose key is not
 * the envelope's `leadId` is rejected (`key_mismatch`): it would break per-lead ordering.
 * Never throws; unknown types come back as `unknown_type` so consumers can count and skip them.
 */
export function decodeEvent(record: KafkaRecordInput): DecodeResult {
  const { value } = record;
  if (value === null || value.length === 0) {
    return fail({ code: 'empty_value', message: 'the record has no value (tombstone?)' }, record);
  }
  let json: unknown;
  try {
    const text = typeof value === 'string' ? value : strictUtf8.decode(value);
    json = JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return fail(
      { code: 'invalid_json', message: `the value is not UTF-8 JSON: ${message}` },
      record,
    );
  }
  const parsed = parseEvent(json);
  if (!parsed.ok) {
    return fail(parsed.error, record);
  }
  const key = record.key === null ? null : asText(record.key);
  if (key !== parsed.event.leadId) {
    const message = `record key ${JSON.stringify(key)} is not the event's leadId ${parsed.event.leadId}`;
    return fail({ code: 'key_mismatch', message, type: parsed.event.type }, record);
  }
  return parsed;
}
