import { z } from 'zod';

/**
 * Context of the request that caused an event: correlation and causation ids, the acting user
 * or service, W3C trace context. Further string-valued keys pass through untouched.
 */
export const EventMetadata = z
  .object({
    correlationId: z.string().optional(),
    causationId: z.string().optional(),
    actor: z.string().optional(),
    traceparent: z.string().optional(),
  })
  .catchall(z.string())
  .describe('Request context; extra string-valued keys are allowed');

/** @see EventMetadata */
export type EventMetadata = z.infer<typeof EventMetadata>;
