import type { LeadEvent } from '@dealflow/events';

/**
 * Where a consumer keeps the highest `version` it has handled per lead. In production keep it
 * next to the consumer's own data and update it in the same transaction as the effect of the
 * event, so that a crash can never apply an event without recording it (or the reverse).
 */
export interface VersionStore {
  get(leadId: string): Promise<number | undefined> | number | undefined;
  set(leadId: string, version: number): Promise<void> | void;
}

/** A {@link VersionStore} in memory: enough for a demo, forgotten on restart. */
export function memoryVersionStore(): VersionStore & { size(): number } {
  const versions = new Map<string, number>();
  return {
    get: (leadId) => versions.get(leadId),
    set: (leadId, version) => void versions.set(leadId, version),
    size: () => versions.size,
  };
}

/**
 * What to do with an event, given the lead's last handled version: `apply` the next one,
 * `duplicate` for anything at or below it (at-least-once delivery re-sends), `gap` when events
 * are missing before it (it is applied, and the caller hears of the gap).
 */
export type Verdict = 'apply' | 'duplicate' | 'gap';

/** Dedupe by `(leadId, version)`: Kafka keeps one lead's events in version order. */
export function verdictFor(event: LeadEvent, lastVersion: number | undefined): Verdict {
  const last = lastVersion ?? 0;
  if (event.version <= last) return 'duplicate';
  return event.version === last + 1 ? 'apply' : 'gap';
}
