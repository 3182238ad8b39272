import { SCHEMA_VERSIONS, type LeadEvent } from '@dealflow/events';
import type { Dice } from './history-dice.js';
import { DAY_MS, type Draft } from './history-lead-story.js';

type Envelope = Omit<LeadEvent, 'type' | 'data' | 'version' | 'schemaVersion'>;

/** Wraps a draft in its envelope; a switch so each type keeps its own data shape. */
function wrap(draft: Draft, envelope: Envelope, version: number): LeadEvent {
  switch (draft.type) {
    case 'LeadCreated': {
      const { type, data } = draft;
      return { ...envelope, type, data, version: 1, schemaVersion: SCHEMA_VERSIONS[type] };
    }
    case 'StageAdvanced':
    case 'DealWon':
    case 'DealLost':
    case 'StageMovedBack':
    case 'DealReopened':
    case 'AmountChanged':
    case 'OwnerReassigned':
    case 'LeadErased': {
      const { occurredMs: _ignored, ...fact } = draft;
      return { ...envelope, ...fact, version, schemaVersion: 1 };
    }
  }
}

/** Full envelopes for one lead; one lead in five is imported later (backdated occurredAt). */
export function envelopes(
  dice: Dice,
  leadId: string,
  pipelineId: string,
  drafts: readonly Draft[],
): LeadEvent[] {
  const lastOccurred = drafts.at(-1)?.occurredMs ?? 0;
  const importedAt = dice.chance(0.2) ? lastOccurred + dice.int(1, 5 * DAY_MS) : undefined;
  const correlationId = `gen-${dice.hex(12)}`;
  let recorded = 0;
  return drafts.map((draft, i) => {
    const latency = dice.int(5, 500);
    recorded = Math.max(recorded + 1, (importedAt ?? draft.occurredMs) + latency);
    const envelope: Envelope = {
      id: dice.uuidv7(recorded),
      leadId,
      pipelineId,
      occurredAt: new Date(draft.occurredMs).toISOString(),
      recordedAt: new Date(recorded).toISOString(),
      metadata: { correlationId, actor: importedAt === undefined ? 'user:gen' : 'import:gen' },
    };
    return wrap(draft, envelope, i + 1);
  });
}

/** Re-inserts a share of the events once more at a random later index (at-least-once delivery). */
export function withDuplicates(dice: Dice, events: LeadEvent[], share: number): LeadEvent[] {
  if (share <= 0) return events;
  const out = [...events];
  for (const event of events) {
    if (!dice.chance(share)) continue;
    const at = out.indexOf(event);
    out.splice(dice.int(at + 1, out.length), 0, { ...event });
  }
  return out;
}
