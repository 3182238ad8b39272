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
 * events (by version), walked in order. Reached is a set (a stage counts once, at the first
 * arrival at it or beyond; a win reaches every open stage); touched counts every entry; current,
 * lost and the won/lost rows follow the latest state (a reopening takes a close back); each is
 * credited to the owner the lead had at that moment. Rows whose counters are all zero are left
 * out. Test-only: the reference the read models are checked against.
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
    let openStage = first.data.stage;
    let furthest = -1;
    const reachUpTo = (index: number) => {
      for (let k = furthest + 1; k <= index; k++) add(open[k] ?? '', { reached: 1 });
      furthest = Math.max(furthest, index);
    };
    const enter = (stage: string) => {
      Object.assign(lead, { status: 'open', stage });
      openStage = stage;
      reachUpTo(open.indexOf(stage));
      add(stage, { touched: 1 });
    };
    for (const e of history) {
      if (e.type === 'LeadCreated') enter(e.data.stage);
      if (e.type === 'StageAdvanced' || e.type === 'StageMovedBack') enter(e.data.toStage);
      if (e.type === 'DealReopened') enter(e.data.toStage);
      if (e.type === 'OwnerReassigned') lead.owner_id = e.data.ownerId;
      if (e.type === 'AmountChanged') {
        Object.assign(lead, { currency: e.data.amount.currency, amount: e.data.amount.value });
      }
      if (e.type === 'DealWon') {
        reachUpTo(open.length - 1);
        Object.assign(lead, { status: 'won', stage: 'won', amount: e.data.amount.value });
      }
      if (e.type === 'DealLost') Object.assign(lead, { status: 'lost', stage: 'lost' });
    }
    leads[leadId] = lead;
    if (lead.status === 'open') add(openStage, { current: 1 });
    if (lead.status === 'lost') add(openStage, { lost: 1 });
    if (lead.status !== 'open') add(lead.stage, { reached: 1, touched: 1 });
  }
  return { rows, leads };
}
