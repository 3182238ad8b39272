import { z } from 'zod';
import { amountChangedSchema } from './amount-changed.js';
import { dealLostSchema } from './deal-lost.js';
import { dealReopenedSchema } from './deal-reopened.js';
import { dealWonSchema } from './deal-won.js';
import type { LeadEventType } from './event-types.js';
import { leadCreatedSchema } from './lead-created.js';
import { leadErasedSchema } from './lead-erased.js';
import { ownerReassignedSchema } from './owner-reassigned.js';
import { stageAdvancedSchema } from './stage-advanced.js';
import { stageMovedBackSchema } from './stage-moved-back.js';

/** Any event of a lead's stream, discriminated on `type`. */
export const leadEventSchema = z.discriminatedUnion('type', [
  leadCreatedSchema,
  stageAdvancedSchema,
  dealWonSchema,
  dealLostSchema,
  stageMovedBackSchema,
  dealReopenedSchema,
  amountChangedSchema,
  ownerReassignedSchema,
  leadErasedSchema,
]);

/** @see leadEventSchema */
export type LeadEvent = z.infer<typeof leadEventSchema>;

/** The full envelope of one event type, e.g. `LeadEventOf<'DealWon'>`. */
export type LeadEventOf<T extends LeadEventType> = Extract<LeadEvent, { type: T }>;
