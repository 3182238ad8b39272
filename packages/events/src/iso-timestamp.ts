import { z } from 'zod';

/**
 * An ISO 8601 instant in UTC with seconds and optional fraction, e.g. `2025-03-01T09:30:00.000Z`.
 * Offsets other than `Z` and impossible calendar dates are rejected.
 */
export const IsoTimestamp = z.iso.datetime().describe('ISO 8601 UTC timestamp');

/** @see IsoTimestamp */
export type IsoTimestamp = z.infer<typeof IsoTimestamp>;
