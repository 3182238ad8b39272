import type { PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';

/** The four counters of a funnel_daily row. */
export interface FunnelCounts {
  reached: number;
  touched: number;
  current: number;
  lost: number;
}

/** What a lead row must hold after its whole history. */
export interface RecountedLead {
  lead_id: string;
  pipeline_id: string;
  owner_id: string;
  source: string;
  cohort_day: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  currency: string;
  amount: number;
  version: number;
}

/** funnel_daily totals keyed `pipeline|cohort_day|stage|owner|source`, and the lead rows. */
export interface Recount {
  rows: Record<string, FunnelCounts>;
  leads: Record<string, RecountedLead>;
}

/** The key {@link recountFunnel} uses for a funnel_daily row. */
export const funnelKey = (row: {
  pipeline_id: string;
  cohort_day: string;
  stage: string;
  owner_id: string;
  source: string;
}): string => [row.pipeline_id, row.cohort_day, row.stage, row.owner_id, row.source].join('|');

/**
 * A plain recount of a history, written without the projector's fold: each lead's distinct
 * events (by version) give the stages it was in and how it ended; a lead reached every open
 * stage up to the furthest it was in (every open stage once won). Rows whose counters are all
 * zero are left out. Test-only: the reference the read models are checked against.
 */
export function recountFunnel(events: readonly LeadEvent[], pipelines: PipelineCatalog): Recount {
  const byLead = new Map<string, Map<number, LeadEvent>>();
  for (const e of events) {
    const versions = byLead.get(e.leadId) ?? new Map<number, LeadEvent>();
    versions.set(e.version, e);
    byLead.set(e.leadId, versions);
  }
  const rows: Record<string, FunnelCounts> = {};
  const leads: Record<string, RecountedLead> = {};
  for (const [leadId, versions] of byLead) {
    const history = [...versions.values()].sort((a, b) => a.version - b.version);
    const first = history[0];
    const pipeline = first === undefined ? undefined : pipelines.get(first.pipelineId);
    if (first?.type !== 'LeadCreated' || pipeline === undefined) continue;
    const open = pipelines.openStages(pipeline).map((s) => s.id);
    const lead: RecountedLead = {
      lead_id: leadId,
      pipeline_id: pipeline.id,
      owner_id: first.data.ownerId ?? '',
      source: first.data.source ?? '',
      cohort_day: first.occurredAt.slice(0, 10),
      stage: first.data.stage,
      status: 'open',
      currency: first.data.amount.currency,
      amount: first.data.amount.value,
      version: history.length,
    };
    const visited = [first.data.stage];
    for (const e of history) {
      if (e.type === 'StageAdvanced') {
        visited.push(e.data.toStage);
        lead.stage = e.data.toStage;
      }
      if (e.type === 'DealWon') {
        Object.assign(lead, { status: 'won', stage: 'won', amount: e.data.amount.value });
      }
      if (e.type === 'DealLost') Object.assign(lead, { status: 'lost', stage: 'lost' });
    }
    leads[leadId] = lead;
    const last = visited.at(-1) ?? '';
    const furthest = lead.status === 'won' ? open.length : open.indexOf(last) + 1;
    const add = (stage: string, counts: Partial<FunnelCounts>) => {
      const key = funnelKey({ ...lead, stage });
      const row = rows[key] ?? { reached: 0, touched: 0, current: 0, lost: 0 };
      rows[key] = {
        reached: row.reached + (counts.reached ?? 0),
        touched: row.touched + (counts.touched ?? 0),
        current: row.current + (counts.current ?? 0),
        lost: row.lost + (counts.lost ?? 0),
      };
    };
    for (const stage of open.slice(0, furthest)) add(stage, { reached: 1 });
    for (const stage of visited) add(stage, { touched: 1 });
    if (lead.status === 'open') add(last, { current: 1 });
    if (lead.status === 'lost') add(last, { lost: 1 });
    if (lead.status !== 'open') add(lead.stage, { reached: 1, touched: 1 });
  }
  return { rows, leads };
}
