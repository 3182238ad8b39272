import type { z } from 'zod';
import { identifier } from './identifier.js';

/** A lead's id, which is also its stream id and its Kafka key. Client-suppliable (API.md). */
export const LeadId = identifier().describe('Lead id: 1–64 characters of [A-Za-z0-9_.:-]');

/** @see LeadId */
export type LeadId = z.infer<typeof LeadId>;
