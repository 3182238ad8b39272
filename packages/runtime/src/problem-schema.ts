import { z } from 'zod';

/**
 * `application/problem+json` (RFC 9457) with the contract's stable `code`: the response schema
 * of the errors the runtime itself documents on routes (401, 403, 429).
 */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string(),
    detail: z.string(),
  })
  .describe('application/problem+json');
