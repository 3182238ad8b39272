import { z } from 'zod';

/** A non-empty string of at most `max` characters: names, reasons, notes. */
export const freeText = (max: number): z.ZodString => z.string().min(1).max(max);
