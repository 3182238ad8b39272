import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import { advance, advanced, created, lost, T0, T1, T2, won } from '../testing/lead-fixtures.js';

describe('AdvanceStage', () => {
  it('moves forward one stage', () => {
    given([created()])
      .when(advance('demo'))
      .then([advanced('qualify', 'demo')]);
  });

  it('skips stages forward', () => {
    given([created()])
      .when(advance('negotiation'))
      .then([advanced('qualify', 'negotiation')]);
  });

  it('moves on from a later stage', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(advance('proposal', { now: T2 }))
      .then([advanced('demo', 'proposal', T2)]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(advance('demo')).then('lead_not_found');
  });

  it.each([
    ['won', won('qualify')],
    ['lost', lost('qualify', 'price')],
  ])('rejects a %s lead: lead_closed', (_, closing) => {
    given([created(), closing])
      .when(advance('demo', { now: '2025-03-05T00:00:00.000Z' }))
      .then('lead_closed');
  });

  it('rejects the same stage', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(advance('demo', { now: T2 }))
      .then('invalid_transition', 'toStage');
  });

  it('rejects a backward move', () => {
    given([created(), advanced('qualify', 'proposal')])
      .when(advance('demo', { now: T2 }))
      .then('invalid_transition', 'toStage');
  });

  it('rejects a stage that is not in the lead’s pipeline', () => {
    given([created()]).when(advance('checkout')).then('invalid_transition', 'toStage');
  });

  it.each([['won'], ['lost']])('rejects advancing to %s: that takes win/lose', (stage) => {
    given([created()]).when(advance(stage)).then('invalid_transition', 'toStage');
  });

  it('accepts an occurredAt equal to the previous event’s', () => {
    given([created(T1)])
      .when(advance('demo', { occurredAt: T1 }))
      .then([advanced('qualify', 'demo', T1)]);
  });

  it('moves a lead on whose stage was removed from the configuration', () => {
    given([created(T0, 'discovery')])
      .when(advance('qualify'))
      .then([advanced('discovery', 'qualify')]);
  });

  it('rejects a lead whose pipeline is no longer configured', () => {
    given([{ ...created(), pipelineId: 'retired' }])
      .when(advance('demo'))
      .then('invalid_transition');
  });
});
