import type { z } from 'zod';
import type { Decision } from './decision.js';
import { reject } from './reject.js';

/**
 * Checks the data of an event about to be decided against the event contract, so `decide` can
 * never emit an event consumers would refuse. Data fields share their names with the command
 * fields, so the first issue's path names the offending `field`.
 */
export function validateData<S extends z.ZodType>(
  schema: S,
  data: z.input<S>,
): { ok: true; data: z.output<S> } | (Decision & { ok: false }) {
  const parsed = schema.safeParse(data);
  if (parsed.success) {
    return { ok: true, data: parsed.data };
  }
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return reject('validation_error', detail, issues[0]?.path);
}
