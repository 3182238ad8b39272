import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';

/**
 * Data of `LeadErased`: nothing personal, by design. The lead's key is deleted in the same
 * transaction, so its sealed `name` and `company` can no longer be opened anywhere.
 */
export const LeadErasedData = z.object({});

/** @see LeadErasedData */
export type LeadErasedData = z.infer<typeof LeadErasedData>;

/**
 * A lead's personal data was erased (crypto-shredding: its key was deleted). Its stage, amount,
 * owner and history stay, so every metric is unchanged.
 */
export const leadErasedSchema = eventEnvelope('LeadErased', LeadErasedData).meta({
  title: 'LeadErased',
  description: "A lead's personal data was erased: its key is deleted, its numbers stay",
});

/** @see leadErasedSchema */
export type LeadErased = z.infer<typeof leadErasedSchema>;
