import { z } from 'zod';

/**
 * A non-empty string of at most `max` characters: names, reasons, notes. NUL is refused: Postgres
 * can store it neither in `text` nor in `jsonb`, so it could only ever fail later as a 500.
 */
export const freeText = (max: number): z.ZodString =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !text.includes('\u0000'), { error: 'no NUL characters' });
