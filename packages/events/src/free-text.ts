import { z } from 'zod';

/** A UTF-16 surrogate without its partner: no Unicode character, so not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `text` refusing NUL and lone surrogates: Postgres can store neither in `text` or `jsonb`. */
const storable = (text: z.ZodString): z.ZodString =>
  text
    .refine((t) => !t.includes('\u0000'), { error: 'no NUL characters' })
    .refine((t) => !LONE_SURROGATE.test(t), { error: 'not well-formed Unicode' });

/**
 * A non-empty string of at most `max` characters: names, reasons, notes. NUL and lone surrogates
 * are refused: Postgres can store neither in `text` or `jsonb`, so they could only ever fail
 * later as a 500.
 */
export const freeText = (max: number): z.ZodString => storable(z.string().min(1).max(max));

/** {@link freeText} that may be empty (an operator's optional note). */
export const storableText = (max: number): z.ZodString => storable(z.string().max(max));
