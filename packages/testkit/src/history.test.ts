import { b2cPipeline, defaultPipeline, type Pipeline } from '@dealflow/domain';
import { leadEventSchema, type LeadEvent } from '@dealflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHistory, historyArbitrary } from './history.js';

const start = '2025-03-01T00:00:00.000Z';
const both: readonly Pipeline[] = [defaultPipeline, b2cPipeline];
const DAY_MS = 86_400_000;

function byLead(events: readonly LeadEvent[]): Map<string, LeadEvent[]> {
  const leads = new Map<string, LeadEvent[]>();
  for (const event of events) leads.set(event.leadId, [...(leads.get(event.leadId) ?? []), event]);
  return leads;
}

/** Every rule the decider enforces on one lead's stream, checked on generated events. */
function expectSoundStream(stream: readonly LeadEvent[], pipelines: readonly Pipeline[]): void {
  const [created, ...rest] = stream;
  if (created?.type !== 'LeadCreated') throw new Error('a stream starts with LeadCreated');
  const pipeline = pipelines.find((p) => p.id === created.pipelineId);
  if (pipeline === undefined) throw new Error(`unknown pipeline ${created.pipelineId}`);
  const open = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);
  expect(created.data.stage).toBe(open[0]);
  let stage = created.data.stage;
  let closed: 'won' | 'lost' | undefined;
  let currency = created.data.amount.currency;
  stream.forEach((event, i) => {
    expect(event.version).toBe(i + 1);
    expect(event.pipelineId).toBe(pipeline.id);
    const previous = stream[i - 1];
    if (previous !== undefined) {
      expect(event.occurredAt >= previous.occurredAt).toBe(true);
      expect(event.recordedAt > previous.recordedAt).toBe(true);
    }
    expect(event.recordedAt >= event.occurredAt).toBe(true);
  });
  for (const event of rest) {
    if (event.type === 'LeadErased') {
      // Erasure may follow a close too, and ends the generated stream.
      expect(event).toBe(stream.at(-1));
      continue;
    }
    if (event.type === 'DealReopened') {
      expect(event.data.fromStage).toBe(closed);
      expect(open).toContain(event.data.toStage);
      stage = event.data.toStage;
      closed = undefined;
      continue;
    }
    expect(closed).toBeUndefined();
    switch (event.type) {
      case 'LeadCreated':
        throw new Error('LeadCreated twice');
      case 'StageAdvanced':
        expect(event.data.fromStage).toBe(stage);
        expect(open.indexOf(event.data.toStage)).toBeGreaterThan(open.indexOf(stage));
        stage = event.data.toStage;
        break;
      case 'StageMovedBack':
        expect(event.data.fromStage).toBe(stage);
        expect(open.indexOf(event.data.toStage)).toBeGreaterThanOrEqual(0);
        expect(open.indexOf(event.data.toStage)).toBeLessThan(open.indexOf(stage));
        stage = event.data.toStage;
        break;
      case 'AmountChanged':
        expect(event.data.previousAmount.currency).toBe(currency);
        expect(event.data.amount).not.toEqual(event.data.previousAmount);
        currency = event.data.amount.currency;
        break;
      case 'OwnerReassigned':
        expect(event.data.ownerId).not.toBe(event.data.previousOwnerId);
        break;
      case 'DealWon':
        expect(event.data.fromStage).toBe(stage);
        expect(event.data.amount.currency).toBe(currency);
        closed = 'won';
        break;
      case 'DealLost':
        expect(event.data.fromStage).toBe(stage);
        expect(pipeline.lostReasons).toContain(event.data.reason);
        closed = 'lost';
        break;
    }
  }
}

describe('generateHistory', () => {
  it('is deterministic: the same options give the same events, another seed others', () => {
    const options = { leads: 200, seed: 42, start, pipelines: both };
    expect(generateHistory(options)).toEqual(generateHistory(options));
    expect(generateHistory({ ...options, seed: 43 })).not.toEqual(generateHistory(options));
  });

  it('writes valid envelopes in recordedAt order, each lead a sound stream', () => {
    const events = generateHistory({ leads: 500, seed: 1, start, pipelines: both });
    for (const event of events) expect(leadEventSchema.safeParse(event).success).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (let i = 1; i < events.length; i++) {
      expect((events[i - 1]?.recordedAt ?? '') <= (events[i]?.recordedAt ?? '')).toBe(true);
    }
    const leads = byLead(events);
    expect(leads.size).toBe(500);
    for (const stream of leads.values()) expectSoundStream(stream, both);
  });

  it('looks like a real funnel: most stop early, some skip, win, lose, import, use USD', () => {
    const events = generateHistory({ leads: 2000, seed: 7, start, pipelines: both });
    const streams = [...byLead(events).values()];
    const count = (p: (s: LeadEvent[]) => boolean) => streams.filter(p).length / streams.length;
    const created = (s: LeadEvent[]) => (s[0]?.type === 'LeadCreated' ? s[0] : undefined);
    expect(count((s) => s.length === 1)).toBeGreaterThan(0.15);
    expect(count((s) => s.some((e) => e.type === 'DealWon'))).toBeGreaterThan(0.05);
    expect(count((s) => s.some((e) => e.type === 'DealLost'))).toBeGreaterThan(0.2);
    expect(count((s) => s.at(-1)?.type === 'DealWon')).toBeLessThan(0.5);
    for (const type of ['StageMovedBack', 'DealReopened', 'AmountChanged', 'OwnerReassigned']) {
      expect(
        count((s) => s.some((e) => e.type === type)),
        type,
      ).toBeGreaterThan(0.01);
    }
    const skips = (s: LeadEvent[]) =>
      s.some((e) => {
        if (e.type !== 'StageAdvanced') return false;
        const open = defaultPipeline.stages.map((st) => st.id);
        return open.indexOf(e.data.toStage) - open.indexOf(e.data.fromStage) > 1;
      });
    expect(count(skips)).toBeGreaterThan(0.01);
    const backdated = (s: LeadEvent[]) =>
      s.some((e) => Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > DAY_MS);
    expect(count(backdated)).toBeGreaterThan(0.1);
    expect(count((s) => created(s)?.data.amount.currency === 'USD')).toBeGreaterThan(0.05);
    expect(count((s) => created(s)?.data.amount.currency === 'EUR')).toBeGreaterThan(0.7);
    expect(count((s) => s[0]?.pipelineId === 'b2c')).toBeGreaterThan(0.2);
    expect(count((s) => created(s)?.data.ownerId === undefined)).toBeGreaterThan(0.03);
    expect(count((s) => created(s)?.data.source === undefined)).toBeGreaterThan(0.05);
    expect(new Set(streams.map((s) => created(s)?.data.ownerId)).size).toBeGreaterThan(3);
    const midnight = (s: LeadEvent[]) => s[0]?.occurredAt.endsWith('T00:00:00.000Z') === true;
    expect(count(midnight)).toBeGreaterThan(0.02);
    for (const s of streams) {
      const at = Date.parse(created(s)?.occurredAt ?? '');
      expect(at).toBeGreaterThanOrEqual(Date.parse(start));
      expect(at).toBeLessThan(Date.parse(start) + 28 * DAY_MS);
    }
  });

  it('repeats a share of events later in the list without changing the history', () => {
    const plain = generateHistory({ leads: 300, seed: 5, start });
    const noisy = generateHistory({ leads: 300, seed: 5, start, duplicateShare: 0.3 });
    expect(noisy.length).toBeGreaterThan(plain.length * 1.2);
    const firstSeen = new Map<string, LeadEvent>();
    noisy.forEach((event) => {
      const key = `${event.leadId}@${event.version}`;
      if (firstSeen.has(key)) expect(firstSeen.get(key)).toEqual(event);
      else firstSeen.set(key, event);
    });
    expect([...firstSeen.values()]).toEqual(plain);
  });

  it('lets no event occur after `until`', () => {
    const until = '2025-03-20T00:00:00.000Z';
    const events = generateHistory({ leads: 300, seed: 9, start, spanDays: 30, until });
    expect(events.every((e) => e.occurredAt <= until)).toBe(true);
    for (const stream of byLead(events).values()) expectSoundStream(stream, [defaultPipeline]);
  });

  it('historyArbitrary: every drawn history is made of sound streams', () => {
    fc.assert(
      fc.property(historyArbitrary({ pipelines: both, maxLeads: 30 }), (events) => {
        for (const stream of byLead(events).values()) expectSoundStream(stream, both);
      }),
      { numRuns: 100 },
    );
  });
});
