import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { freeText } from './free-text.js';

/** Data of `OwnerReassigned`: the new owner and the previous one (absent when there was none). */
export const OwnerReassignedData = z.object({
  ownerId: freeText(200).describe('The new owner'),
  previousOwnerId: freeText(200).optional().describe('The owner before; absent when none'),
});

/** @see OwnerReassignedData */
export type OwnerReassignedData = z.infer<typeof OwnerReassignedData>;

/** An open lead changed hands. */
export const ownerReassignedSchema = eventEnvelope('OwnerReassigned', OwnerReassignedData).meta({
  title: 'OwnerReassigned',
  description: 'An open lead changed hands',
});

/** @see ownerReassignedSchema */
export type OwnerReassigned = z.infer<typeof ownerReassignedSchema>;
