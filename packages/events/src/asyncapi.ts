import { z } from 'zod';
import { encodeEvent } from './encode-event.js';
import { EVENT_EXAMPLES } from './event-examples.js';
import { EVENT_SCHEMAS, type JsonSchema } from './event-json-schemas.js';
import { eventSchemaId } from './event-schema-id.js';
import { EVENT_TYPES, type LeadEventType } from './event-types.js';
import { LeadId } from './lead-id.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

/** The topic's default name and partition count (`KAFKA_TOPIC`, `KAFKA_PARTITIONS`). */
export const LEAD_EVENTS_TOPIC = 'dealflow.lead-events';
const DEFAULT_PARTITIONS = 6;
const KAFKA_BINDING_VERSION = '0.5.0';

/** Draft-07 JSON Schema (what AsyncAPI Schema builds on) of a zod schema, input side. */
const asyncApiSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' });
  return rest;
};

const text = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});

/** The CloudEvents 1.0 binary-mode headers of one event type. */
function cloudEventHeaders(type: LeadEventType): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    ce_specversion: text('CloudEvents version', { const: '1.0' }),
    ce_id: text('= the envelope `id`', { format: 'uuid' }),
    ce_type: text('= the envelope `type`', { const: type }),
    ce_source: text('The producing service, e.g. `dealflow/command`', { minLength: 1 }),
    ce_time: text('= the envelope `occurredAt`', { format: 'date-time' }),
    ce_subject: { ...asyncApiSchema(LeadId), description: '= the envelope `leadId`' },
    ce_dataschema: text('`$id` of the JSON Schema of the value', {
      const: eventSchemaId(type, SCHEMA_VERSIONS[type]),
    }),
    ce_dataschemaversion: text('= the envelope `schemaVersion`, as text', {
      const: String(SCHEMA_VERSIONS[type]),
    }),
    'content-type': text('Media type of the value', { const: 'application/json' }),
  };
  return { type: 'object', properties, required: Object.keys(properties) };
}

/** One message per event type: envelope as payload, leadId as key, CloudEvents headers. */
function eventMessage(type: LeadEventType): JsonSchema {
  const schema = EVENT_SCHEMAS[type];
  const example = EVENT_EXAMPLES[type];
  const record = encodeEvent(example, { source: 'dealflow/command' });
  return {
    name: type,
    title: type,
    summary: schema.description,
    contentType: 'application/json',
    correlationId: { location: '$message.payload#/metadata/correlationId' },
    headers: cloudEventHeaders(type),
    payload: asyncApiSchema(schema),
    bindings: {
      kafka: {
        key: { ...asyncApiSchema(LeadId), description: 'The lead id: one lead, one partition' },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: [{ name: `${type}Example`, headers: record.headers, payload: example }],
  };
}

const DLQ_HEADERS: Record<string, string> = {
  'dealflow-error-code':
    'Why it was parked: `invalid_json`, `invalid_event`, `unknown_type`, `key_mismatch`, ' +
    '`empty_value`, `gap`, `unknown_stage`, `invalid_transition` or `blocked`',
  'dealflow-error': 'The error, readable (at most 2,000 characters)',
  'dealflow-origin-topic': 'Topic the record was read from',
  'dealflow-origin-partition': 'Its partition',
  'dealflow-origin-offset': 'Its offset (with topic and partition: recognises a repeat)',
  'dealflow-parked-id': 'Id of the parked event (projector ops routes)',
  'dealflow-read-model-version': 'Read-model version that parked it',
};

/** A record the projector could not apply, as read: original key, value and headers. */
function deadLetterMessage(): JsonSchema {
  const headers = Object.fromEntries(
    Object.entries(DLQ_HEADERS).map(([name, description]) => [name, text(description)]),
  );
  const original = encodeEvent(EVENT_EXAMPLES.StageAdvanced, { source: 'dealflow/command' });
  return {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A record of the lead-event topic the projector parked, byte for byte',
    description:
      'Key, value and headers are the original record’s (the value may be any bytes, usually a ' +
      'lead-event envelope); the `dealflow-*` headers say why and where from. Published at ' +
      'least once.',
    contentType: 'application/octet-stream',
    headers: {
      type: 'object',
      properties: headers,
      required: Object.keys(headers),
      additionalProperties: { type: 'string', description: 'The original record’s headers' },
    },
    payload: text('The original value', { format: 'binary' }),
    bindings: {
      kafka: {
        key: text('The original key (the lead id, when there was one)'),
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: [
      {
        name: 'GapExample',
        headers: {
          ...original.headers,
          'dealflow-error-code': 'gap',
          'dealflow-error': 'lead-42 is at version 0; version 2 leaves a gap',
          'dealflow-origin-topic': LEAD_EVENTS_TOPIC,
          'dealflow-origin-partition': '3',
          'dealflow-origin-offset': '1187',
          'dealflow-parked-id': '12',
          'dealflow-read-model-version': '1',
        },
        payload: original.value.toString('utf8'),
      },
    ],
  };
}

const channelBinding = (topic: string): JsonSchema => ({
  kafka: {
    topic,
    partitions: DEFAULT_PARTITIONS,
    topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': -1 },
    bindingVersion: KAFKA_BINDING_VERSION,
  },
});

const ref = (path: string): JsonSchema => ({ $ref: `#/${path}` });

/**
 * The AsyncAPI 3.0 document of `dealflow.lead-events` and its dead-letter topic, generated from
 * the zod schemas: one message per event type (payload schema, key, CloudEvents headers,
 * example), the Kafka bindings, and the delivery semantics of docs/API.md.
 */
export function asyncApiDocument(): JsonSchema {
  const eventMessages = Object.fromEntries(EVENT_TYPES.map((type) => [type, eventMessage(type)]));
  const channelMessages = Object.fromEntries(
    EVENT_TYPES.map((type) => [type, ref(`components/messages/${type}`)]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'dealflow lead events',
      version: '1.0.0',
      description:
        'Every change to a lead is an immutable event on `dealflow.lead-events`. Key = leadId, ' +
        'so within one lead Kafka order is `version` order. Delivery is at least once: ' +
        'recognise a repeat by (leadId, version) and skip it. The topic keeps everything ' +
        '(retention.ms = -1); older `schemaVersion`s are brought up by the upcasters of ' +
        '`@dealflow/events`. Records the projector cannot apply are copied to `<topic>.dlq`. ' +
        'The whole contract: docs/API.md.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The broker `npm start` runs; elsewhere the one in KAFKA_BROKERS',
      },
    },
    channels: {
      leadEvents: {
        address: LEAD_EVENTS_TOPIC,
        title: 'Lead events',
        description:
          'The history of every lead, kept forever. Name: KAFKA_TOPIC; partitions: ' +
          'KAFKA_PARTITIONS (default 6).',
        messages: channelMessages,
        bindings: channelBinding(LEAD_EVENTS_TOPIC),
      },
      deadLetters: {
        address: `${LEAD_EVENTS_TOPIC}.dlq`,
        title: 'Dead letters',
        description:
          'Records of the lead-event topic the projector could not apply; as many partitions ' +
          'as the topic.',
        messages: { DeadLetter: ref('components/messages/DeadLetter') },
        bindings: channelBinding(`${LEAD_EVENTS_TOPIC}.dlq`),
      },
    },
    operations: {
      publishLeadEvents: {
        action: 'send',
        title: 'Publish lead events',
        summary: 'The command service’s outbox relay publishes every appended event, in order',
        channel: ref('channels/leadEvents'),
        messages: EVENT_TYPES.map((type) => ref(`channels/leadEvents/messages/${type}`)),
      },
      publishDeadLetters: {
        action: 'send',
        title: 'Publish dead letters',
        summary: 'The projector copies every record it parks to the dead-letter topic',
        channel: ref('channels/deadLetters'),
        messages: [ref('channels/deadLetters/messages/DeadLetter')],
      },
    },
    components: { messages: { ...eventMessages, DeadLetter: deadLetterMessage() } },
  };
}
