import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import { created, lost, reassign, reassigned, T3, won } from '../testing/lead-fixtures.js';

const ownedBy = (ownerId: string) => {
  const event = created();
  return { ...event, data: { ...event.data, ownerId } };
};

describe('ReassignOwner', () => {
  it('hands an owned lead to another owner', () => {
    given([ownedBy('owner-1')])
      .when(reassign('owner-2'))
      .then([reassigned('owner-2', 'owner-1')]);
  });

  it('gives a lead without owner its first owner', () => {
    given([created()])
      .when(reassign('owner-2'))
      .then([reassigned('owner-2')]);
  });

  it('hands it on again', () => {
    given([ownedBy('owner-1'), reassigned('owner-2', 'owner-1')])
      .when(reassign('owner-1', { now: T3 }))
      .then([reassigned('owner-1', 'owner-2', T3)]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(reassign('owner-2')).then('lead_not_found');
  });

  it.each([
    ['won', won('qualify')],
    ['lost', lost('qualify', 'price')],
  ])('rejects a %s lead: lead_closed', (_, closing) => {
    given([ownedBy('owner-1'), closing])
      .when(reassign('owner-2', { now: T3 }))
      .then('lead_closed');
  });

  it('rejects the owner it has', () => {
    given([ownedBy('owner-1')])
      .when(reassign('owner-1'))
      .then('invalid_transition', 'ownerId');
  });

  it.each([[''], ['x'.repeat(201)], ['a\u0000b']])('rejects the owner id %j', (ownerId) => {
    given([ownedBy('owner-1')])
      .when(reassign(ownerId))
      .then('validation_error', 'ownerId');
  });

  it('rejects an occurredAt before the previous event', () => {
    given([ownedBy('owner-1')])
      .when(reassign('owner-2', { occurredAt: '2025-02-01T00:00:00.000Z' }))
      .then('invalid_transition', 'occurredAt');
  });

  it('is reflected in the state: the new owner is the lead’s', () => {
    given([ownedBy('owner-1'), reassigned('owner-2', 'owner-1')])
      .when(reassign('owner-2', { now: T3 }))
      .then('invalid_transition', 'ownerId');
  });
});
