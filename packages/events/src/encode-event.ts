import { Buffer } from 'node:buffer';
import { eventSchemaId } from './event-schema-id.js';
import type { KafkaRecord } from './kafka-record.js';
import { leadEventSchema, type LeadEvent } from './lead-event.js';

/** Where the events come from: the CloudEvents `source`, e.g. `dealflow/command`. */
export interface EncodeOptions {
  source: string;
}

/**
 * Turns an event into a Kafka record: key = `leadId` (one lead, one partition, in order),
 * value = the JSON envelope, plus CloudEvents 1.0 binary-mode headers so consumers can route
 * without parsing the value.
 *
 * `ce_type` is the envelope's `type` as is (`LeadCreated`), not a reverse-DNS name: routing on
 * the header and on the value then uses one vocabulary, and the topic already scopes it.
 * `ce_dataschema` is the `$id` of the event's committed JSON Schema at its `schemaVersion`;
 * `ce_dataschemaversion` (a CloudEvents extension) carries `schemaVersion` itself.
 *
 * @throws TypeError when the event breaks the contract or `source` is empty — a producer bug
 *   that must not reach the topic.
 */
export function encodeEvent(event: LeadEvent, options: EncodeOptions): KafkaRecord {
  if (options.source.length === 0) {
    throw new TypeError('encodeEvent: `source` must not be empty');
  }
  const parsed = leadEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new TypeError(`encodeEvent: invalid ${event.type} event: ${parsed.error.message}`);
  }
  const valid = parsed.data;
  return {
    key: valid.leadId,
    value: Buffer.from(JSON.stringify(valid), 'utf8'),
    headers: {
      ce_specversion: '1.0',
      ce_id: valid.id,
      ce_type: valid.type,
      ce_source: options.source,
      ce_time: valid.occurredAt,
      ce_subject: valid.leadId,
      ce_dataschema: eventSchemaId(valid.type, valid.schemaVersion),
      ce_dataschemaversion: String(valid.schemaVersion),
      'content-type': 'application/json',
    },
  };
}
