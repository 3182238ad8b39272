import { z } from 'zod';

/** A UTF-16 surrogate without its partner: no Unicode character, so not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A non-empty string of at most `max` characters: names, reasons, notes. NUL and lone surrogates
 * are refused: Postgres can store neither in `text` or `jsonb`, so they could only ever fail
 * later as a 500.
 */
export const freeText = (max: number): z.ZodString =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !text.includes('\u0000'), { error: 'no NUL characters' })
    .refine((text) => !LONE_SURROGATE.test(text), { error: 'not well-formed Unicode' });
