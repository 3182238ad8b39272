import { z } from 'zod';
import { dealLostSchema } from './deal-lost.js';
import { dealWonSchema } from './deal-won.js';
import type { LeadEventType } from './event-types.js';
import { leadCreatedSchema } from './lead-created.js';
import { stageAdvancedSchema } from './stage-advanced.js';

const schemas = {
  LeadCreated: leadCreatedSchema,
  StageAdvanced: stageAdvancedSchema,
  DealWon: dealWonSchema,
  DealLost: dealLostSchema,
} satisfies Record<LeadEventType, z.ZodType>;

/**
 * The JSON Schema (draft 2020-12) of each event's full envelope, generated from the zod
 * schemas so the contract has one source of truth. Input-side schemas: unknown properties are
 * allowed, as readers of this contract ignore fields they do not know.
 */
export function eventJsonSchemas(): Record<LeadEventType, object> {
  const toJsonSchema = (schema: z.ZodType): object =>
    z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  return {
    LeadCreated: toJsonSchema(schemas.LeadCreated),
    StageAdvanced: toJsonSchema(schemas.StageAdvanced),
    DealWon: toJsonSchema(schemas.DealWon),
    DealLost: toJsonSchema(schemas.DealLost),
  };
}
