import { z } from 'zod';
import { dealLostSchema } from './deal-lost.js';
import { dealWonSchema } from './deal-won.js';
import type { LeadEventType } from './event-types.js';
import { leadCreatedSchema } from './lead-created.js';
import { stageAdvancedSchema } from './stage-advanced.js';

/** Any event of a lead's stream, discriminated on `type`. */
export const leadEventSchema = z.discriminatedUnion('type', [
  leadCreatedSchema,
  stageAdvancedSchema,
  dealWonSchema,
  dealLostSchema,
]);

/** @see leadEventSchema */
export type LeadEvent = z.infer<typeof leadEventSchema>;

/** The full envelope of one event type, e.g. `LeadEventOf<'DealWon'>`. */
export type LeadEventOf<T extends LeadEventType> = Extract<LeadEvent, { type: T }>;
