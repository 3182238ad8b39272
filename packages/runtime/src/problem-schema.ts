import { z } from 'zod';

/**
 * `application/problem+json` (RFC 9457) with the contract's stable `code`: the one response
 * schema of every error a route documents (`errors` lists the offending fields of a 400).
 */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('application/problem+json');
