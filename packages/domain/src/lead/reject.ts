import type { Decision, DomainErrorCode } from './decision.js';

/** A rejected decision; `field` names the command field at fault. */
export function reject(
  code: DomainErrorCode,
  detail: string,
  field?: string,
): Decision & { ok: false } {
  return { ok: false, error: field === undefined ? { code, detail } : { code, detail, field } };
}
