import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import {
  amountChanged,
  changeAmount,
  created,
  EUR,
  lost,
  reopened,
  T3,
  won,
} from '../testing/lead-fixtures.js';

describe('ChangeAmount', () => {
  it('changes the expected amount of an open lead', () => {
    given([created()])
      .when(changeAmount(EUR(1_500_000)))
      .then([amountChanged(EUR(1_500_000))]);
  });

  it('changes the currency too', () => {
    given([created()])
      .when(changeAmount({ value: 1_100_000, currency: 'USD' }))
      .then([amountChanged({ value: 1_100_000, currency: 'USD' })]);
  });

  it('accepts zero', () => {
    given([created()])
      .when(changeAmount(EUR(0)))
      .then([amountChanged(EUR(0))]);
  });

  it('names the amount it replaces, after an earlier change', () => {
    given([created(), amountChanged(EUR(5))])
      .when(changeAmount(EUR(7), { now: T3 }))
      .then([amountChanged(EUR(7), EUR(5), T3)]);
  });

  it('changes the amount of a reopened deal', () => {
    given([created(), lost('qualify', 'price'), reopened('lost', 'demo')])
      .when(changeAmount(EUR(9), { now: '2025-03-05T00:00:00.000Z' }))
      .then([amountChanged(EUR(9), EUR(1_000_000), '2025-03-05T00:00:00.000Z')]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([])
      .when(changeAmount(EUR(1)))
      .then('lead_not_found');
  });

  it.each([
    ['won', won('qualify')],
    ['lost', lost('qualify', 'price')],
  ])('rejects a %s lead: lead_closed', (_, closing) => {
    given([created(), closing])
      .when(changeAmount(EUR(1), { now: T3 }))
      .then('lead_closed');
  });

  it.each([
    ['a negative amount', EUR(-1), 'amount.value'],
    ['a fractional amount', EUR(0.5), 'amount.value'],
    ['an absurd (unsafe) amount', EUR(2 ** 53), 'amount.value'],
    ['an infinite amount', EUR(Number.POSITIVE_INFINITY), 'amount.value'],
    ['a currency that is no ISO code', { value: 1, currency: 'euro' }, 'amount.currency'],
  ])('rejects %s', (_, amount, field) => {
    given([created()]).when(changeAmount(amount)).then('validation_error', field);
  });

  it('rejects the amount the lead already has', () => {
    given([created()])
      .when(changeAmount(EUR(1_000_000)))
      .then('invalid_transition', 'amount');
  });

  it('rejects an occurredAt before the previous event', () => {
    given([created()])
      .when(changeAmount(EUR(1), { occurredAt: '2025-02-01T00:00:00.000Z' }))
      .then('invalid_transition', 'occurredAt');
  });
});
