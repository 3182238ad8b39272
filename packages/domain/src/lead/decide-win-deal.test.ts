import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import { advanced, created, EUR, lost, T2, T3, win, won } from '../testing/lead-fixtures.js';

describe('WinDeal', () => {
  it('wins at the lead’s amount when none is given, from the current stage', () => {
    given([created(), advanced('qualify', 'negotiation')])
      .when(win())
      .then([won('negotiation')]);
  });

  it('wins from the first stage too', () => {
    given([created()])
      .when(win())
      .then([won('qualify')]);
  });

  it('records a final amount and a reason', () => {
    given([created()])
      .when(win({ amount: EUR(900_000), reason: 'best fit' }))
      .then([
        {
          type: 'DealWon',
          data: { amount: EUR(900_000), reason: 'best fit', fromStage: 'qualify' },
          occurredAt: T2,
          pipelineId: 'default',
        },
      ]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(win()).then('lead_not_found');
  });

  it.each([
    ['won', won('qualify')],
    ['lost', lost('qualify', 'price')],
  ])('rejects a %s lead: lead_closed', (_, closing) => {
    given([created(), closing])
      .when(win({ now: T3 }))
      .then('lead_closed');
  });

  it('rejects another currency than the lead’s', () => {
    given([created()])
      .when(win({ amount: { value: 100, currency: 'USD' } }))
      .then('validation_error', 'amount.currency');
  });

  it('rejects a negative final amount', () => {
    given([created()])
      .when(win({ amount: EUR(-100) }))
      .then('validation_error', 'amount.value');
  });

  it('rejects an empty reason', () => {
    given([created()])
      .when(win({ reason: '' }))
      .then('validation_error', 'reason');
  });

  it('wins a lead whose pipeline is no longer configured: no stage rule applies', () => {
    given([{ ...created(), pipelineId: 'retired' }])
      .when(win())
      .then([{ ...won('qualify'), pipelineId: 'retired' }]);
  });
});
