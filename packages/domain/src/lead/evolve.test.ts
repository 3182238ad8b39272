import { describe, expect, it } from 'vitest';
import { toStoredEvents } from '../testing/decider-spec.js';
import {
  advanced,
  amountChanged,
  created,
  EUR,
  lost,
  movedBack,
  reassigned,
  reopened,
  T0,
  T1,
  T2,
  T3,
  won,
} from '../testing/lead-fixtures.js';
import { evolve } from './evolve.js';
import { foldLead } from './fold-lead.js';
import { initialState } from './lead-state.js';

const open = {
  status: 'open',
  leadId: 'lead-1',
  pipelineId: 'default',
  stage: 'qualify',
  amount: EUR(1_000_000),
  version: 1,
  name: 'Ada Lovelace',
  company: null,
  source: null,
  ownerId: null,
  createdAt: T0,
  lastOccurredAt: T0,
  closedAt: null,
  erasedAt: null,
} as const;

describe('evolve / foldLead', () => {
  it('starts with no lead', () => {
    expect(foldLead([])).toEqual(initialState());
    expect(initialState()).toEqual({ status: 'none' });
  });

  it('opens a lead in its first stage', () => {
    expect(foldLead(toStoredEvents([created()]))).toEqual(open);
  });

  it('follows stage moves', () => {
    const events = toStoredEvents([created(), advanced('qualify', 'proposal')]);
    expect(foldLead(events)).toEqual({
      ...open,
      stage: 'proposal',
      version: 2,
      lastOccurredAt: T1,
    });
  });

  it('closes a won lead at its final amount', () => {
    const events = toStoredEvents([created(), won('qualify', EUR(5))]);
    expect(foldLead(events)).toEqual({
      ...open,
      status: 'won',
      stage: 'won',
      amount: EUR(5),
      version: 2,
      lastOccurredAt: T2,
      closedAt: T2,
    });
  });

  it('closes a lost lead, keeping its expected amount', () => {
    const events = toStoredEvents([created(), lost('qualify', 'price')]);
    expect(foldLead(events)).toMatchObject({
      status: 'lost',
      stage: 'lost',
      amount: EUR(1_000_000),
    });
  });

  it('follows a move back', () => {
    const events = toStoredEvents([
      created(),
      advanced('qualify', 'proposal'),
      movedBack('proposal', 'demo'),
    ]);
    expect(foldLead(events)).toEqual({ ...open, stage: 'demo', version: 3, lastOccurredAt: T2 });
  });

  it('reopens a closed deal into its stage, open again', () => {
    const events = toStoredEvents([created(), won('qualify', EUR(5)), reopened('won', 'demo')]);
    expect(foldLead(events)).toEqual({
      ...open,
      stage: 'demo',
      amount: EUR(5),
      version: 3,
      lastOccurredAt: T3,
    });
  });

  it('follows amount changes and reassignments', () => {
    const events = toStoredEvents([
      created(),
      amountChanged({ value: 7, currency: 'USD' }),
      reassigned('owner-9', undefined, T3),
    ]);
    expect(foldLead(events)).toEqual({
      ...open,
      amount: { value: 7, currency: 'USD' },
      ownerId: 'owner-9',
      version: 3,
      lastOccurredAt: T3,
    });
  });

  it('keeps the optional lead fields', () => {
    const [event] = toStoredEvents([
      {
        ...created(),
        data: {
          name: 'A',
          company: 'C',
          source: 'S',
          ownerId: 'O',
          amount: EUR(1),
          stage: 'qualify',
        },
      },
    ]);
    expect(event && evolve(initialState(), event)).toMatchObject({
      company: 'C',
      source: 'S',
      ownerId: 'O',
    });
  });

  it('ignores events that cannot apply to the state', () => {
    const [first, second] = toStoredEvents([created(), advanced('qualify', 'demo')]);
    if (first === undefined || second === undefined) throw new Error('fixture');
    expect(evolve(initialState(), second)).toEqual(initialState());
    const state = evolve(initialState(), first);
    expect(evolve(state, first)).toBe(state);
  });
});
