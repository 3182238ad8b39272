import type { LeadEventType } from './event-types.js';

/**
 * The schema version each event type is written at today. Raising one means: add the new
 * shape to the event's schema and register an upcaster from the previous version.
 */
export const SCHEMA_VERSIONS = {
  LeadCreated: 1,
  StageAdvanced: 1,
  DealWon: 1,
  DealLost: 1,
  StageMovedBack: 1,
  DealReopened: 1,
  AmountChanged: 1,
  OwnerReassigned: 1,
  LeadErased: 1,
} as const satisfies Record<LeadEventType, number>;
