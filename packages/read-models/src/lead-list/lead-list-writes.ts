import { TERMINAL_STAGE_IDS } from '@dealflow/domain';
import {
  isSealedText,
  type LeadEvent,
  type LeadEventOf,
  type PersonalFields,
} from '@dealflow/events';
import type { FoldOutcome } from '../funnel/fold.js';
import type { Lead } from '../read-model-schema.js';

/** A new lead's card: its personal fields opened, `null` once erased. */
export interface CardWrite {
  leadId: string;
  pipelineId: string;
  name: string | null;
  company: string | null;
}

/** A visit that begins (the previous one of its lead ends at `enteredAt`). */
export interface VisitWrite {
  leadId: string;
  seq: number;
  stage: string;
  enteredAt: Date;
}

/** A lead whose personal data was erased: its card loses name and company. */
export interface ErasureWrite {
  leadId: string;
  erasedAt: Date;
}

/** A ±n change of one `lead_counts` cell. */
export interface CountDelta {
  pipelineId: string;
  stage: string;
  status: string;
  ownerId: string;
  source: string;
  currency: string;
  n: number;
}

/** What one applied chunk writes to the lead list. */
export interface LeadListWrite {
  cards: CardWrite[];
  erasures: ErasureWrite[];
  visits: VisitWrite[];
  counts: CountDelta[];
}

/** One chunk as the fold saw it: the stored leads, the events, and what the fold made of them. */
export interface LeadListBatch {
  /** The lead rows before the chunk (what the fold read). */
  stored: ReadonlyMap<string, Lead>;
  events: readonly LeadEvent[];
  folded: { leads: readonly Lead[]; outcomes: readonly FoldOutcome[] };
  /**
   * The opened personal fields of the leads created in the chunk (see the projector's
   * `openPersonalData`). A lead absent here must carry plaintext: sealed text is never written
   * to a card.
   */
  personal?: ReadonlyMap<string, PersonalFields>;
}

/** The card of a created lead: its opened fields, or its plaintext (events before sealing). */
function cardOf(event: LeadEventOf<'LeadCreated'>, batch: LeadListBatch): CardWrite {
  const { pipelineId } = event;
  const opened = batch.personal?.get(event.leadId);
  if (opened !== undefined) {
    return { leadId: event.leadId, pipelineId, name: opened.name, company: opened.company };
  }
  const { name, company } = event.data;
  if (isSealedText(name) || (company !== undefined && isSealedText(company))) {
    throw new Error(`lead ${event.leadId}: sealed personal data reached the lead list unopened`);
  }
  return { leadId: event.leadId, pipelineId, name, company: company ?? null };
}

const { won: WON, lost: LOST } = TERMINAL_STAGE_IDS;

/** The stage an event puts its lead in, when it changes the stage. */
export function stageEntered(event: LeadEvent): string | undefined {
  switch (event.type) {
    case 'LeadCreated':
      return event.data.stage;
    case 'StageAdvanced':
    case 'StageMovedBack':
    case 'DealReopened':
      return event.data.toStage;
    case 'DealWon':
      return WON;
    case 'DealLost':
      return LOST;
    case 'AmountChanged':
    case 'OwnerReassigned':
    case 'LeadErased':
      return undefined;
    default: {
      const unexpected: never = event;
      throw new Error(`no stage rule for event ${JSON.stringify(unexpected)}`);
    }
  }
}

const countKey = (l: Lead) =>
  [l.pipeline_id, l.stage, l.status, l.owner_id, l.source, l.currency].join('\0');

/**
 * The lead-list rows of one chunk — pure: a card per created lead, an erasure per erased one
 * (applied after the cards, so a lead created and erased in one chunk ends erased), a visit per applied event
 * that changes a stage, and the count deltas from each changed lead's row before and after
 * (−1 where it was counted, +1 where it is now; cells that cancel are left out). Only events
 * the fold applied count, so duplicates and parked events write nothing.
 *
 * @example const write = leadListWrites({ stored, events, folded });
 */
export function leadListWrites(batch: LeadListBatch): LeadListWrite {
  const cards: CardWrite[] = [];
  const erasures: ErasureWrite[] = [];
  const visits: VisitWrite[] = [];
  batch.events.forEach((event, i) => {
    if (batch.folded.outcomes[i]?.kind !== 'applied') return;
    if (event.type === 'LeadCreated') {
      cards.push(cardOf(event, batch));
    }
    if (event.type === 'LeadErased') {
      erasures.push({ leadId: event.leadId, erasedAt: new Date(event.occurredAt) });
    }
    const stage = stageEntered(event);
    if (stage !== undefined) {
      visits.push({
        leadId: event.leadId,
        seq: event.version,
        stage,
        enteredAt: new Date(event.occurredAt),
      });
    }
  });
  const sums = new Map<string, CountDelta>();
  const add = (lead: Lead, n: number) => {
    const key = countKey(lead);
    const cell = sums.get(key);
    if (cell !== undefined) cell.n += n;
    else {
      sums.set(key, {
        pipelineId: lead.pipeline_id,
        stage: lead.stage,
        status: lead.status,
        ownerId: lead.owner_id,
        source: lead.source,
        currency: lead.currency,
        n,
      });
    }
  };
  for (const lead of batch.folded.leads) {
    const before = batch.stored.get(lead.lead_id);
    if (before !== undefined) add(before, -1);
    add(lead, 1);
  }
  const counts = [...sums.values()].filter((c) => c.n !== 0);
  return { cards, erasures, visits, counts };
}
