import type { LeadEvent } from '@dealflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPipelines } from '../pipelines/load-pipelines.js';
import { LEAD_ID, toStoredEvents } from '../testing/decider-spec.js';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import type { LeadCommand } from './lead-command.js';
import { initialState, type LeadState } from './lead-state.js';

type Time = { now: string; occurredAt?: string };
type Build = (time: Time) => LeadCommand;

const pipelines = loadPipelines();
const start = Date.parse('2025-01-01T00:00:00.000Z');
const lead = { leadId: LEAD_ID };
const money = fc.record({
  value: fc.integer({ min: -5, max: 2_000_000 }),
  currency: fc.constantFrom('EUR', 'USD'),
});
const stageIds = [
  'qualify',
  'demo',
  'proposal',
  'negotiation',
  'interested',
  'checkout',
  'won',
  'lost',
  'x',
];

/** Commands of every type, valid or not, on the `default` and `b2c` pipelines. */
const build: fc.Arbitrary<Build> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc
      .record({ pipelineId: fc.constantFrom('default', 'b2c', 'nope'), amount: money })
      .map((f): Build => (time) => ({ type: 'CreateLead', ...lead, name: 'Ada', ...f, ...time })),
  },
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...stageIds)
      .map((toStage): Build => (time) => ({ type: 'AdvanceStage', ...lead, toStage, ...time })),
  },
  {
    weight: 1,
    arbitrary: fc
      .option(money, { nil: undefined })
      .map((amount): Build => (time) => ({ type: 'WinDeal', ...lead, amount, ...time })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('price', 'shipping', 'astrology')
      .map((reason): Build => (time) => ({ type: 'LoseDeal', ...lead, reason, ...time })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...stageIds)
      .map((toStage): Build => (time) => ({ type: 'MoveBackStage', ...lead, toStage, ...time })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...stageIds)
      .map((toStage): Build => (time) => ({ type: 'ReopenDeal', ...lead, toStage, ...time })),
  },
  {
    weight: 1,
    arbitrary: money.map((amount): Build => (time) => ({
      type: 'ChangeAmount',
      ...lead,
      amount,
      ...time,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('owner-1', 'owner-2', '')
      .map((ownerId): Build => (time) => ({ type: 'ReassignOwner', ...lead, ownerId, ...time })),
  },
);

/** A command, the time that passed before it, and its occurredAt relative to then. */
const step = fc.record({
  build,
  elapsedMs: fc.integer({ min: 0, max: 10_000_000 }),
  occurredOffsetMs: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: undefined }),
});

/** Most runs open with a valid create, so the later commands meet an existing lead. */
const opening = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom('default', 'b2c') },
    { weight: 1, arbitrary: fc.constant(undefined) },
  )
  .chain((pipelineId) =>
    pipelineId === undefined
      ? step
      : fc.constant({
          build: (time: Time): LeadCommand => ({
            type: 'CreateLead',
            ...lead,
            pipelineId,
            name: 'Ada',
            amount: { value: 100, currency: 'EUR' },
            ...time,
          }),
          elapsedMs: 0,
          occurredOffsetMs: undefined,
        }),
  );

const iso = (ms: number) => new Date(start + ms).toISOString();

function position(state: LeadState): number {
  if (state.status === 'none') return 0;
  const pipeline = pipelines.get(state.pipelineId);
  return (pipeline && pipelines.position(pipeline, state.stage)) ?? 0;
}

describe('the lead decider, for any command sequence', () => {
  it('emits only contract-valid events and keeps every invariant', () => {
    fc.assert(
      fc.property(opening, fc.array(step, { maxLength: 12 }), (first, rest) => {
        let state = initialState();
        let history: LeadEvent[] = [];
        let clock = 0;
        for (const { build: command, elapsedMs, occurredOffsetMs } of [first, ...rest]) {
          clock += elapsedMs;
          const time: Time = { now: iso(clock) };
          if (occurredOffsetMs !== undefined) time.occurredAt = iso(clock + occurredOffsetMs);
          const before = state;
          const decision = decide(command(time), before, { pipelines });
          const type = command(time).type;
          if (!decision.ok) {
            const closed = before.status === 'won' || before.status === 'lost';
            if (closed && type !== 'ReopenDeal') {
              expect(decision.error.code).toBe(
                type === 'CreateLead' ? 'lead_exists' : 'lead_closed',
              );
            }
            if (before.status === 'open' && type === 'ReopenDeal') {
              expect(decision.error.code).toBe('lead_not_closed');
            }
            continue;
          }
          // Only a reopen acts on a closed deal; every other change needs an open one.
          expect(type === 'ReopenDeal' ? ['won', 'lost'] : ['none', 'open']).toContain(
            before.status,
          );
          // toStoredEvents validates every envelope against the event contract.
          const stored = toStoredEvents(decision.events, LEAD_ID, history.length);
          history = [...history, ...stored];
          state = stored.reduce(evolve, before);
          expect(state.status === 'none' ? 0 : state.version).toBe(history.length);
          if (type === 'AdvanceStage') {
            expect(position(state)).toBeGreaterThan(position(before));
          }
          if (type === 'MoveBackStage') {
            expect(position(state)).toBeLessThan(position(before));
          }
          if (type === 'ReopenDeal') expect(state.status).toBe('open');
          const times = history.map((event) => Date.parse(event.occurredAt));
          expect([...times].sort((a, b) => a - b)).toEqual(times);
        }
      }),
      { numRuns: 300 },
    );
  });
});
