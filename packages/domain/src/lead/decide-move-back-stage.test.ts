import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import {
  advanced,
  created,
  lost,
  moveBack,
  movedBack,
  T1,
  T2,
  T3,
  won,
} from '../testing/lead-fixtures.js';

describe('MoveBackStage', () => {
  it('moves back one stage', () => {
    given([created(), advanced('qualify', 'proposal')])
      .when(moveBack('demo'))
      .then([movedBack('proposal', 'demo')]);
  });

  it('moves back several stages, to the first', () => {
    given([created(), advanced('qualify', 'negotiation')])
      .when(moveBack('qualify'))
      .then([movedBack('negotiation', 'qualify')]);
  });

  it('moves back again after moving forward again', () => {
    given([
      created(),
      advanced('qualify', 'proposal'),
      movedBack('proposal', 'demo'),
      advanced('demo', 'proposal', T2),
    ])
      .when(moveBack('qualify', { now: T3 }))
      .then([movedBack('proposal', 'qualify', T3)]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(moveBack('qualify')).then('lead_not_found');
  });

  it.each([
    ['won', won('proposal')],
    ['lost', lost('proposal', 'price')],
  ])('rejects a %s lead: lead_closed', (_, closing) => {
    given([created(), advanced('qualify', 'proposal'), closing])
      .when(moveBack('demo', { now: T3 }))
      .then('lead_closed');
  });

  it('rejects the same stage', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(moveBack('demo'))
      .then('invalid_transition', 'toStage');
  });

  it('rejects a forward move: that takes advance', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(moveBack('proposal'))
      .then('invalid_transition', 'toStage');
  });

  it('rejects a stage that is not in the lead’s pipeline', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(moveBack('checkout'))
      .then('invalid_transition', 'toStage');
  });

  it.each([['won'], ['lost']])('rejects moving back to %s', (stage) => {
    given([created(), advanced('qualify', 'demo')])
      .when(moveBack(stage))
      .then('invalid_transition', 'toStage');
  });

  it('rejects a lead whose stage was removed from the configuration', () => {
    given([created(T1, 'discovery')])
      .when(moveBack('qualify'))
      .then('invalid_transition', 'toStage');
  });

  it('rejects an occurredAt before the previous event', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(moveBack('qualify', { occurredAt: '2025-03-01T12:00:00.000Z' }))
      .then('invalid_transition', 'occurredAt');
  });

  it('rejects a lead whose pipeline is no longer configured', () => {
    given([{ ...created(), pipelineId: 'retired' }])
      .when(moveBack('qualify'))
      .then('invalid_transition');
  });
});
