import type { LeadEvent } from '@dealflow/events';
import { commandsFromHistory } from './command-driver.js';

/**
 * A history as `POST /v1/imports` lines: one NDJSON line per lead, `{"leadId", "commands"}` with
 * each command the body of its action (`create`, `advance`, `win`, `lose`) and the event's
 * `occurredAt`, so importing the lines stores exactly the history's events. `LeadErased` is
 * left out: erasure is not importable (it needs the `privacy` scope).
 */
export function importLinesFromHistory(events: readonly LeadEvent[]): string[] {
  const importable = events.filter((event) => event.type !== 'LeadErased');
  return commandsFromHistory(importable).map((commands) => {
    const leadId = commands[0]?.leadId ?? '';
    return JSON.stringify({
      leadId,
      commands: commands.map((c) => ({
        action: c.path === '/v1/leads' ? 'create' : c.path.slice(c.path.lastIndexOf('/') + 1),
        ...c.body,
      })),
    });
  });
}
