import { z } from 'zod';
import { amountChangedSchema } from './amount-changed.js';
import { dealLostSchema } from './deal-lost.js';
import { dealReopenedSchema } from './deal-reopened.js';
import { dealWonSchema } from './deal-won.js';
import { eventSchemaFileName, eventSchemaId } from './event-schema-id.js';
import { EVENT_TYPES, type LeadEventType } from './event-types.js';
import { leadCreatedSchema } from './lead-created.js';
import { leadErasedSchema } from './lead-erased.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';
import { ownerReassignedSchema } from './owner-reassigned.js';
import { stageAdvancedSchema } from './stage-advanced.js';
import { stageMovedBackSchema } from './stage-moved-back.js';

/** The zod schema of each event's whole envelope: the one source of the published schemas. */
export const EVENT_SCHEMAS = {
  LeadCreated: leadCreatedSchema,
  StageAdvanced: stageAdvancedSchema,
  DealWon: dealWonSchema,
  DealLost: dealLostSchema,
  StageMovedBack: stageMovedBackSchema,
  DealReopened: dealReopenedSchema,
  AmountChanged: amountChangedSchema,
  OwnerReassigned: ownerReassignedSchema,
  LeadErased: leadErasedSchema,
} as const satisfies Record<LeadEventType, z.ZodType>;

/** A JSON Schema document, as far as this package reads one. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of a zod schema, input side: unknown properties are allowed,
 * as readers of this contract ignore fields they do not know.
 */
export const toJsonSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });

/** The JSON Schema of one event type at its current schema version, with its stable `$id`. */
export function eventJsonSchema(type: LeadEventType): JsonSchema {
  const { $schema, ...rest } = toJsonSchema(EVENT_SCHEMAS[type]);
  return { $schema, $id: eventSchemaId(type, SCHEMA_VERSIONS[type]), ...rest };
}

/**
 * The JSON Schema (draft 2020-12) of each event's full envelope at its current schema version,
 * generated from the zod schemas so the contract has one source of truth.
 */
export function eventJsonSchemas(): Record<LeadEventType, JsonSchema> {
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, eventJsonSchema(type)])) as Record<
    LeadEventType,
    JsonSchema
  >;
}

/** The text of a generated JSON file: two-space indent, final newline. */
export const jsonFileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The current version of every event schema as its committed file: name (see
 * {@link eventSchemaFileName}) → text. Files of older schema versions are not generated: they
 * stay committed as they were published.
 */
export function eventSchemaFiles(): Map<string, string> {
  return new Map(
    EVENT_TYPES.map((type) => [
      eventSchemaFileName(type, SCHEMA_VERSIONS[type]),
      jsonFileText(eventJsonSchema(type)),
    ]),
  );
}
