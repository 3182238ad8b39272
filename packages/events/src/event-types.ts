/** Every event type of a lead's stream, in the order a lead meets them. */
export const EVENT_TYPES = [
  'LeadCreated',
  'StageAdvanced',
  'DealWon',
  'DealLost',
  'StageMovedBack',
  'DealReopened',
  'AmountChanged',
  'OwnerReassigned',
  'LeadErased',
] as const;

/** One of {@link EVENT_TYPES}. */
export type LeadEventType = (typeof EVENT_TYPES)[number];
