import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import { advanced, created, lose, lost, T2, T3, won } from '../testing/lead-fixtures.js';

describe('LoseDeal', () => {
  it('loses at the current stage, for a configured reason', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(lose('competitor'))
      .then([lost('demo', 'competitor')]);
  });

  it('keeps a note', () => {
    given([created()])
      .when(lose('price', { note: 'cheaper offer' }))
      .then([
        {
          type: 'DealLost',
          data: { reason: 'price', note: 'cheaper offer', fromStage: 'qualify' },
          occurredAt: T2,
          pipelineId: 'default',
        },
      ]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(lose('price')).then('lead_not_found');
  });

  it.each([
    ['won', won('qualify')],
    ['lost', lost('qualify', 'price')],
  ])('rejects a %s lead: lead_closed', (_, closing) => {
    given([created(), closing])
      .when(lose('timing', { now: T3 }))
      .then('lead_closed');
  });

  it('rejects a reason that is not in the pipeline’s list', () => {
    given([created()]).when(lose('astrology')).then('validation_error', 'reason');
  });

  it('rejects a reason of another pipeline', () => {
    given([created()]).when(lose('shipping')).then('validation_error', 'reason');
  });

  it('rejects an empty note', () => {
    given([created()])
      .when(lose('price', { note: '' }))
      .then('validation_error', 'note');
  });

  it('rejects a lead whose pipeline is no longer configured', () => {
    given([{ ...created(), pipelineId: 'retired' }])
      .when(lose('price'))
      .then('invalid_transition');
  });
});
