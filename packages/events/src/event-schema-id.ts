import type { LeadEventType } from './event-types.js';

/** Where the event schemas are published; each `$id` is this plus the committed file's name. */
export const EVENT_SCHEMA_BASE_URI = 'https://dealflow.dev/schemas/events/';

/**
 * The committed file of one event type at one schema version, e.g. `DealWon.v1.schema.json`
 * (in `packages/events/schemas/`). A version's file never changes incompatibly; a breaking
 * change is a new schema version, hence a new file beside the old one.
 */
export const eventSchemaFileName = (type: LeadEventType, schemaVersion: number): string =>
  `${type}.v${schemaVersion}.schema.json`;

/**
 * The stable `$id` of an event schema, also sent as the CloudEvents `dataschema` header
 * (`ce_dataschema`), e.g. `https://dealflow.dev/schemas/events/DealWon.v1.schema.json`.
 */
export const eventSchemaId = (type: LeadEventType, schemaVersion: number): string =>
  `${EVENT_SCHEMA_BASE_URI}${eventSchemaFileName(type, schemaVersion)}`;
