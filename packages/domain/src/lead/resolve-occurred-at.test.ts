import { describe, expect, it } from 'vitest';
import { loadPipelines } from '../pipelines/load-pipelines.js';
import { given } from '../testing/decider-spec.js';
import {
  advance,
  advanced,
  created,
  createLead,
  lose,
  T1,
  T2,
  win,
} from '../testing/lead-fixtures.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';

const FIVE_MINUTES = 5 * 60 * 1000;

describe('occurredAt rules', () => {
  it('rejects an event before the lead’s previous event', () => {
    given([created(), advanced('qualify', 'demo', T2)])
      .when(advance('proposal', { occurredAt: T1, now: T2 }))
      .then('invalid_transition', 'occurredAt');
  });

  it.each([
    ['advance', advance('demo', { occurredAt: '2025-03-01T08:59:59.999Z' })],
    ['win', win({ occurredAt: '2025-03-01T08:00:00.000Z' })],
    ['lose', lose('price', { occurredAt: '2025-02-28T00:00:00.000Z' })],
  ])('rejects %s before LeadCreated', (_, command) => {
    given([created()]).when(command).then('invalid_transition', 'occurredAt');
  });

  it('accepts up to the clock skew in the future, by default 5 minutes', () => {
    given([])
      .when(createLead({ now: T1, occurredAt: '2025-03-02T09:05:00.000Z' }))
      .then([created('2025-03-02T09:05:00.000Z')]);
  });

  it('rejects beyond the clock skew', () => {
    given([])
      .when(createLead({ now: T1, occurredAt: '2025-03-02T09:05:00.001Z' }))
      .then('validation_error', 'occurredAt');
  });

  it('takes the clock skew from the context', () => {
    const strict = { pipelines: loadPipelines(), maxClockSkewMs: 0 };
    given([], strict)
      .when(createLead({ now: T1, occurredAt: '2025-03-02T09:00:00.001Z' }))
      .then('validation_error', 'occurredAt');
  });

  it.each([
    ['an offset', '2025-03-01T10:00:00+01:00'],
    ['no seconds', '2025-03-01T10:00Z'],
    ['an impossible date', '2025-02-30T10:00:00Z'],
    ['no date at all', 'yesterday'],
  ])('rejects an occurredAt with %s', (_, occurredAt) => {
    given([]).when(createLead({ occurredAt })).then('validation_error', 'occurredAt');
  });

  it('rejects an invalid now', () => {
    given([])
      .when(createLead({ now: 'now' }))
      .then('validation_error', 'now');
  });

  it('stores a canonical millisecond timestamp', () => {
    given([])
      .when(createLead({ occurredAt: '2025-03-01T08:00:00Z' }))
      .then([created('2025-03-01T08:00:00.000Z')]);
  });
});

describe('resolveOccurredAt', () => {
  it('defaults to now', () => {
    expect(resolveOccurredAt({ now: T1 }, null, FIVE_MINUTES)).toEqual({
      ok: true,
      occurredAt: T1,
    });
  });

  it('defaults to the previous event’s time when that is later than now', () => {
    const previous = '2025-03-02T09:03:00.000Z';
    expect(resolveOccurredAt({ now: T1 }, previous, FIVE_MINUTES)).toEqual({
      ok: true,
      occurredAt: previous,
    });
  });
});
