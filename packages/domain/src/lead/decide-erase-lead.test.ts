import { describe, expect, it } from 'vitest';
import { foldLead } from './fold-lead.js';
import { given, toStoredEvents } from '../testing/decider-spec.js';
import {
  advance,
  advanced,
  created,
  erase,
  erased,
  EUR,
  lose,
  lost,
  reassign,
  reassigned,
  reopen,
  reopened,
  T0,
  T1,
  T2,
  T3,
  win,
  won,
} from '../testing/lead-fixtures.js';

const T4 = '2025-03-05T09:00:00.000Z';

describe('EraseLead', () => {
  it('erases an open lead', () => {
    given([created()]).when(erase()).then([erased()]);
  });

  it.each([
    ['won', won('qualify')],
    ['lost', lost('qualify', 'price')],
  ])('erases a %s lead too: its numbers stay, its person goes', (_, closing) => {
    given([created(), closing]).when(erase()).then([erased()]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(erase()).then('lead_not_found');
  });

  it('rejects erasing twice: already_erased', () => {
    given([created(), erased()])
      .when(erase({ now: T4 }))
      .then('already_erased');
  });

  it('takes the server time, never before the last event', () => {
    given([created(), advanced('qualify', 'demo', T4)])
      .when(erase({ now: T3 }))
      .then([erased(T4)]);
  });

  it('keeps the lead working after erasure: advance, close, reopen, reassign', () => {
    given([created(), erased(T0)])
      .when(advance('demo', { now: T1 }))
      .then([advanced('qualify', 'demo', T1)]);
    given([created(), erased(T0)])
      .when(win({ now: T1 }))
      .then([won('qualify', EUR(1_000_000), T1)]);
    given([created(), erased(T0)])
      .when(lose('price', { now: T1 }))
      .then([lost('qualify', 'price', T1)]);
    given([created(), lost('qualify', 'price', T1), erased(T1)])
      .when(reopen('demo', { now: T2 }))
      .then([reopened('lost', 'demo', T2)]);
    given([created(), erased(T0)])
      .when(reassign('owner-2', { now: T1 }))
      .then([reassigned('owner-2', undefined, T1)]);
  });

  it('is reflected in the state: erasedAt set, stage, amount and last activity unchanged', () => {
    const before = foldLead(toStoredEvents([created(), advanced('qualify', 'demo', T1)]));
    const after = foldLead(toStoredEvents([created(), advanced('qualify', 'demo', T1), erased()]));
    expect(before.status !== 'none' && before.erasedAt).toBeNull();
    expect(after).toEqual({ ...before, version: 3, erasedAt: T3 });
  });
});
