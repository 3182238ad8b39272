import { leadEventSchema, type LeadEvent } from '@dealflow/events';
import { expect } from 'vitest';
import { decide } from '../lead/decide.js';
import type { DeciderContext } from '../lead/decider-context.js';
import type { Decision, DomainErrorCode, PendingEvent } from '../lead/decision.js';
import { foldLead } from '../lead/fold-lead.js';
import type { LeadCommand } from '../lead/lead-command.js';
import { loadPipelines } from '../pipelines/load-pipelines.js';

/** The lead every spec is about, unless it says otherwise. */
export const LEAD_ID = 'lead-1';

const defaultContext: DeciderContext = { pipelines: loadPipelines() };

/**
 * Wraps pending events into stored envelopes the way the event store does: versions 1, 2, 3 …
 * after `afterVersion`, fixed ids, `recordedAt` = `occurredAt`. Validates them against the
 * event contract, so a spec can only ever be given events consumers would accept.
 */
export function toStoredEvents(
  events: readonly PendingEvent[],
  leadId = LEAD_ID,
  afterVersion = 0,
): LeadEvent[] {
  return events.map((event, index) => {
    const version = afterVersion + index + 1;
    return leadEventSchema.parse({
      ...event,
      id: `0192f3a0-7c1e-7000-8000-${String(version).padStart(12, '0')}`,
      schemaVersion: 1,
      leadId,
      version,
      recordedAt: event.occurredAt,
      metadata: {},
    });
  });
}

/** What a spec expects: these events, or a rejection with this code (and field, if given). */
export type Expectation = PendingEvent[] | DomainErrorCode;

/**
 * Given / when / then for the lead decider (test-only, not exported from the package):
 *
 * @example
 * given([created]).when(advance('demo')).then([advanced('qualify', 'demo')]);
 * given([]).when(advance('demo')).then('lead_not_found');
 */
export function given(history: readonly PendingEvent[], context = defaultContext) {
  const stored = toStoredEvents(history);
  return {
    when(command: LeadCommand) {
      const decision: Decision = decide(command, foldLead(stored), context);
      return {
        decision,
        then(expected: Expectation, field?: string): void {
          if (typeof expected === 'string') {
            expect(decision).toMatchObject({ ok: false, error: { code: expected } });
            if (field !== undefined) {
              expect(decision).toMatchObject({ ok: false, error: { field } });
            }
            return;
          }
          expect(decision).toEqual({ ok: true, events: expected });
          toStoredEvents(expected, LEAD_ID, stored.length);
        },
      };
    },
  };
}
