import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import { createLead, created, EUR, T0 } from '../testing/lead-fixtures.js';

describe('CreateLead', () => {
  it('creates the lead in its pipeline’s first stage, at now', () => {
    given([])
      .when(createLead())
      .then([created(T0, 'qualify')]);
  });

  it('keeps the optional fields it is given', () => {
    given([])
      .when(createLead({ company: 'Engines Ltd', source: 'web', ownerId: 'owner-7' }))
      .then([
        {
          type: 'LeadCreated',
          data: {
            name: 'Ada Lovelace',
            company: 'Engines Ltd',
            source: 'web',
            ownerId: 'owner-7',
            amount: EUR(1_000_000),
            stage: 'qualify',
          },
          occurredAt: T0,
          pipelineId: 'default',
        },
      ]);
  });

  it('starts a b2c lead in its first stage', () => {
    given([])
      .when(createLead({ pipelineId: 'b2c' }))
      .then([{ ...created(T0, 'interested'), pipelineId: 'b2c' }]);
  });

  it('accepts a backdated import', () => {
    const occurredAt = '2019-06-01T00:00:00.000Z';
    given([])
      .when(createLead({ occurredAt }))
      .then([created(occurredAt)]);
  });

  it('rejects an occurredAt in year 0000, which no timestamp can hold', () => {
    given([])
      .when(createLead({ occurredAt: '0000-01-01T00:00:00.000Z' }))
      .then('validation_error', 'occurredAt');
    given([])
      .when(createLead({ occurredAt: '0001-01-01T00:00:00.000Z' }))
      .then([created('0001-01-01T00:00:00.000Z')]);
  });

  it('accepts a zero amount', () => {
    given([])
      .when(createLead({ amount: EUR(0) }))
      .then([{ ...created(), data: { name: 'Ada Lovelace', amount: EUR(0), stage: 'qualify' } }]);
  });

  it('rejects a second create: lead_exists', () => {
    given([created()]).when(createLead()).then('lead_exists');
  });

  it('rejects an unknown pipeline', () => {
    given([])
      .when(createLead({ pipelineId: 'enterprise' }))
      .then('validation_error', 'pipelineId');
  });

  it.each([
    ['a negative amount', EUR(-1), 'amount.value'],
    ['a fractional amount', EUR(10.5), 'amount.value'],
    ['an unsafe amount', EUR(2 ** 53), 'amount.value'],
    ['a lower-case currency', { value: 100, currency: 'eur' }, 'amount.currency'],
  ])('rejects %s', (_, amount, field) => {
    given([]).when(createLead({ amount })).then('validation_error', field);
  });

  it('rejects an empty name', () => {
    given([])
      .when(createLead({ name: '' }))
      .then('validation_error', 'name');
  });

  it.each([['lead 1'], [''], ['x'.repeat(65)]])('rejects the lead id %j', (leadId) => {
    given([]).when(createLead({ leadId })).then('validation_error', 'leadId');
  });
});
