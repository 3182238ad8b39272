import { b2cPipeline, defaultPipeline, loadPipelines, type Pipeline } from '@dealflow/domain';
import { leadEventSchema, type LeadEvent } from '@dealflow/events';
import { historyArbitrary } from '@dealflow/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FunnelDaily, Lead } from '../read-model-schema.js';
import { foldFunnel, type FoldOutcome } from './fold.js';

const pipelines = loadPipelines();

/** Builds a valid envelope by hand: small, readable given/when/then fixtures. */
function ev(
  version: number,
  type: LeadEvent['type'],
  data: Record<string, unknown>,
  leadId = 'lead-1',
  occurredAt = '2025-03-01T23:30:00.000Z',
): LeadEvent {
  return leadEventSchema.parse({
    id: `0192f3a0-7c1e-7000-8000-${String(version).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    leadId,
    version,
    pipelineId: 'default',
    occurredAt,
    recordedAt: occurredAt,
    data,
    metadata: {},
  });
}

const created = (leadId = 'lead-1') =>
  ev(
    1,
    'LeadCreated',
    {
      name: 'Ada',
      ownerId: 'owner-1',
      source: 'web',
      amount: { value: 1000, currency: 'EUR' },
      stage: 'qualify',
    },
    leadId,
  );
const advanced = (version: number, fromStage: string, toStage: string, leadId = 'lead-1') =>
  ev(version, 'StageAdvanced', { fromStage, toStage }, leadId, '2025-03-05T10:00:00.000Z');
const won = (version: number, fromStage: string) =>
  ev(version, 'DealWon', { amount: { value: 900, currency: 'EUR' }, fromStage }, 'lead-1');
const lost = (version: number, fromStage: string) =>
  ev(version, 'DealLost', { reason: 'price', fromStage }, 'lead-1');

type Counts = Pick<FunnelDaily, 'reached' | 'touched' | 'current' | 'lost'>;

/** The deltas as `{ stage: counts }` (the fixtures share one cohort/owner/source). */
function byStage(deltas: readonly FunnelDaily[]): Record<string, Counts> {
  return Object.fromEntries(
    deltas.map((d) => [
      d.stage,
      { reached: d.reached, touched: d.touched, current: d.current, lost: d.lost },
    ]),
  );
}

const zero = { reached: 0, touched: 0, current: 0, lost: 0 };

/** Folds `history` as stored state, then `events` as the batch under test. */
function given(history: LeadEvent[]) {
  const stored = foldFunnel({ pipelines, leads: new Map(), events: history });
  const leads = new Map(stored.leads.map((l) => [l.lead_id, l]));
  return { when: (events: LeadEvent[]) => foldFunnel({ pipelines, leads, events }) };
}

describe('foldFunnel, event by event', () => {
  it('LeadCreated counts reached, touched and current at the first stage, in its UTC cohort', () => {
    const result = given([]).when([created()]);
    expect(result.outcomes).toEqual([{ kind: 'applied' }]);
    expect(result.deltas).toEqual([
      {
        pipeline_id: 'default',
        cohort_day: '2025-03-01',
        stage: 'qualify',
        owner_id: 'owner-1',
        source: 'web',
        reached: 1,
        touched: 1,
        current: 1,
        lost: 0,
      },
    ]);
    expect(result.leads[0]).toMatchObject({
      lead_id: 'lead-1',
      stage: 'qualify',
      open_stage: 'qualify',
      furthest_position: 1,
      status: 'open',
      amount: 1000,
      currency: 'EUR',
      version: 1,
    });
  });

  it('StageAdvanced with a skip counts the skipped stage as reached but not touched', () => {
    const result = given([created()]).when([advanced(2, 'qualify', 'proposal')]);
    expect(byStage(result.deltas)).toEqual({
      qualify: { ...zero, current: -1 },
      demo: { ...zero, reached: 1 },
      proposal: { ...zero, reached: 1, touched: 1, current: 1 },
    });
    expect(result.leads[0]).toMatchObject({ stage: 'proposal', furthest_position: 3, version: 2 });
  });

  it('DealWon: a won lead reached every open stage, and the won row', () => {
    const result = given([created(), advanced(2, 'qualify', 'demo')]).when([won(3, 'demo')]);
    expect(byStage(result.deltas)).toEqual({
      demo: { ...zero, current: -1 },
      proposal: { ...zero, reached: 1 },
      negotiation: { ...zero, reached: 1 },
      won: { ...zero, reached: 1, touched: 1 },
    });
    expect(result.leads[0]).toMatchObject({ stage: 'won', status: 'won', amount: 900 });
  });

  it('DealLost counts lost at the stage it was lost in, and the lost row', () => {
    const result = given([created()]).when([lost(2, 'qualify')]);
    expect(byStage(result.deltas)).toEqual({
      qualify: { ...zero, current: -1, lost: 1 },
      lost: { ...zero, reached: 1, touched: 1 },
    });
    expect(result.leads[0]).toMatchObject({
      stage: 'lost',
      open_stage: 'qualify',
      status: 'lost',
      reason: 'price',
    });
  });

  it('a lead folds in sequence within one batch', () => {
    const result = given([]).when([created(), advanced(2, 'qualify', 'demo'), lost(3, 'demo')]);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['applied', 'applied', 'applied']);
    expect(byStage(result.deltas)).toEqual({
      qualify: { ...zero, reached: 1, touched: 1 },
      demo: { ...zero, reached: 1, touched: 1, lost: 1 },
      lost: { ...zero, reached: 1, touched: 1 },
    });
    expect(result.leads).toHaveLength(1);
  });

  it('an event at or below the stored version is a duplicate and changes nothing', () => {
    const result = given([created(), advanced(2, 'qualify', 'demo')]).when([
      created(),
      advanced(2, 'qualify', 'demo'),
    ]);
    expect(result.outcomes).toEqual([{ kind: 'duplicate' }, { kind: 'duplicate' }]);
    expect(result.deltas).toEqual([]);
    expect(result.leads).toEqual([]);
  });

  it('a version gap is parked and the lead’s later events wait behind it; others flow', () => {
    const result = given([created()]).when([
      advanced(3, 'demo', 'proposal'),
      created('lead-2'),
      advanced(4, 'proposal', 'negotiation'),
    ]);
    expect(result.outcomes.map(kindAndCode)).toEqual(['parked:gap', 'applied', 'parked:blocked']);
    expect(result.leads.map((l) => l.lead_id)).toEqual(['lead-2']);
  });

  it('a non-LeadCreated event of an unknown lead is a gap', () => {
    const result = given([]).when([advanced(2, 'qualify', 'demo')]);
    expect(result.outcomes.map(kindAndCode)).toEqual(['parked:gap']);
  });

  it('unknown stages and forbidden moves are parked, never counted', () => {
    const history = [created(), advanced(2, 'qualify', 'proposal')];
    expect(
      given(history)
        .when([advanced(3, 'proposal', 'nowhere')])
        .outcomes.map(kindAndCode),
    ).toEqual(['parked:unknown_stage']);
    expect(
      given(history)
        .when([advanced(3, 'proposal', 'demo')])
        .outcomes.map(kindAndCode),
    ).toEqual(['parked:invalid_transition']);
    expect(
      given(history)
        .when([won(3, 'demo')])
        .outcomes.map(kindAndCode),
    ).toEqual(['parked:invalid_transition']);
    expect(given([...history, lost(3, 'proposal')]).when([won(4, 'proposal')]).deltas).toEqual([]);
  });
});

function kindAndCode(o: FoldOutcome): string {
  return o.kind === 'parked' ? `parked:${o.code}` : o.kind;
}

/** The totals of many batches, as the database would sum them. */
type Totals = Map<string, Counts>;

const keyOf = (d: FunnelDaily) =>
  JSON.stringify([d.pipeline_id, d.cohort_day, d.stage, d.owner_id, d.source]);

function addAll(totals: Totals, deltas: readonly FunnelDaily[]): void {
  for (const d of deltas) {
    const t = totals.get(keyOf(d)) ?? { ...zero };
    totals.set(keyOf(d), {
      reached: t.reached + d.reached,
      touched: t.touched + d.touched,
      current: t.current + d.current,
      lost: t.lost + d.lost,
    });
  }
}

const nonZero = (totals: Totals): Record<string, Counts> =>
  Object.fromEntries(
    [...totals]
      .filter(([, c]) => c.reached !== 0 || c.touched !== 0 || c.current !== 0 || c.lost !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

/** Folds `batches` one after the other, carrying the lead rows as the database would. */
function project(batches: readonly LeadEvent[][], leads = new Map<string, Lead>()) {
  const totals: Totals = new Map();
  const outcomes: FoldOutcome[] = [];
  for (const events of batches) {
    const result = foldFunnel({ pipelines, leads, events });
    for (const lead of result.leads) leads.set(lead.lead_id, lead);
    addAll(totals, result.deltas);
    outcomes.push(...result.outcomes);
  }
  return { totals: nonZero(totals), leads, outcomes };
}

/** Splits `events` at the given cut points (taken modulo the length). */
function split(events: readonly LeadEvent[], cuts: readonly number[]): LeadEvent[][] {
  const at = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
  const batches: LeadEvent[][] = [];
  let from = 0;
  for (const to of [...at, events.length]) {
    batches.push(events.slice(from, to));
    from = to;
  }
  return batches;
}

/**
 * A plain recount, written without the fold: each lead's distinct events, walked in order.
 * Reached is a set (a stage counts once, at the first arrival at it or beyond; a win reaches
 * every open stage); touched counts every entry; current, lost and the won/lost rows follow the
 * latest state; each is credited to the owner the lead had at that moment.
 */
function recount(events: readonly LeadEvent[]): Record<string, Counts> {
  const byLead = new Map<string, Map<number, LeadEvent>>();
  for (const e of events) {
    const versions = byLead.get(e.leadId) ?? new Map<number, LeadEvent>();
    versions.set(e.version, e);
    byLead.set(e.leadId, versions);
  }
  const totals: Totals = new Map();
  for (const versions of byLead.values()) {
    const history = [...versions.values()].sort((a, b) => a.version - b.version);
    const first = history[0];
    if (first?.type !== 'LeadCreated') throw new Error('history without LeadCreated');
    const pipeline = pipelines.get(first.pipelineId);
    if (pipeline === undefined) throw new Error('unknown pipeline');
    const open = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);
    let owner = first.data.ownerId ?? '';
    const rows: FunnelDaily[] = [];
    const row = (stage: string, counts: Partial<Counts>) =>
      rows.push({
        pipeline_id: pipeline.id,
        cohort_day: first.occurredAt.slice(0, 10),
        stage,
        owner_id: owner,
        source: first.data.source ?? '',
        ...zero,
        ...counts,
      });
    let stage = first.data.stage;
    let furthest = -1;
    let end: 'open' | 'won' | 'lost' = 'open';
    const reachUpTo = (index: number) => {
      for (let k = furthest + 1; k <= index; k++) row(open[k] ?? '', { reached: 1 });
      furthest = Math.max(furthest, index);
    };
    const enter = (to: string) => {
      stage = to;
      end = 'open';
      reachUpTo(open.indexOf(to));
      row(to, { touched: 1 });
    };
    for (const e of history) {
      if (e.type === 'LeadCreated') enter(e.data.stage);
      if (e.type === 'StageAdvanced' || e.type === 'StageMovedBack') enter(e.data.toStage);
      if (e.type === 'DealReopened') enter(e.data.toStage);
      if (e.type === 'OwnerReassigned') owner = e.data.ownerId;
      if (e.type === 'DealWon') {
        reachUpTo(open.length - 1);
        end = 'won';
      }
      if (e.type === 'DealLost') end = 'lost';
    }
    if (end === 'open') row(stage, { current: 1 });
    if (end === 'lost') {
      row(stage, { lost: 1 });
      row('lost', { reached: 1, touched: 1 });
    }
    if (end === 'won') row('won', { reached: 1, touched: 1 });
    addAll(totals, rows);
  }
  return nonZero(totals);
}

const both: readonly Pipeline[] = [defaultPipeline, b2cPipeline];
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('foldFunnel, properties over generated histories', () => {
  it('any batch split gives the totals and lead rows of one batch, and of a plain recount', () => {
    fc.assert(
      fc.property(historyArbitrary({ pipelines: both, maxLeads: 25 }), cuts, (events, at) => {
        const whole = project([events]);
        const pieces = project(split(events, at));
        expect(pieces.totals).toEqual(whole.totals);
        expect(pieces.leads).toEqual(whole.leads);
        expect(whole.totals).toEqual(recount(events));
        expect(whole.outcomes.every((o) => o.kind === 'applied')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('duplicates change nothing: redelivered events in any split, or the whole history again', () => {
    fc.assert(
      fc.property(
        historyArbitrary({ pipelines: both, maxLeads: 25, duplicateShare: 0.3 }),
        cuts,
        (events, at) => {
          const once = project(split(events, at));
          expect(once.totals).toEqual(recount(events));
          const again = project(split(events, [...at].reverse()), new Map(once.leads));
          expect(again.outcomes.every((o) => o.kind === 'duplicate')).toBe(true);
          expect(again.totals).toEqual({});
          expect(again.leads).toEqual(once.leads);
        },
      ),
      { numRuns: 150 },
    );
  });
});
