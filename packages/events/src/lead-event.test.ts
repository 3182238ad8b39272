import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from './event-types.js';
import { leadEventSchema } from './lead-event.js';
import { allSampleEvents, sampleEvents } from './testing/sample-events.js';

describe('leadEventSchema', () => {
  it('covers exactly EVENT_TYPES', () => {
    const types = leadEventSchema.options.map((option) => option.shape.type.value);
    expect(types).toEqual([...EVENT_TYPES]);
  });

  it.each(allSampleEvents)('accepts a valid $type', (event) => {
    expect(leadEventSchema.parse(event)).toEqual(event);
  });

  it('rejects an unknown type', () => {
    expect(leadEventSchema.safeParse({ ...sampleEvents.DealWon, type: 'DealPaused' }).success).toBe(
      false,
    );
  });

  it('rejects a LeadCreated that is not version 1 of its stream', () => {
    expect(leadEventSchema.safeParse({ ...sampleEvents.LeadCreated, version: 2 }).success).toBe(
      false,
    );
  });

  it.each([
    ['a non-UTC occurredAt', { occurredAt: '2025-03-01T10:00:00+01:00' }],
    ['an impossible date', { recordedAt: '2025-02-30T10:00:00Z' }],
    ['a non-UUID id', { id: 'evt-1' }],
    ['version 0', { version: 0 }],
    ['a fractional version', { version: 2.5 }],
    ['schemaVersion 2', { schemaVersion: 2 }],
    ['a lead id with a space', { leadId: 'lead 42' }],
    ['a lead id of 65 characters', { leadId: 'x'.repeat(65) }],
    ['a non-string metadata value', { metadata: { retries: 3 } }],
    ['missing metadata', { metadata: undefined }],
  ])('rejects %s', (_, patch) => {
    expect(leadEventSchema.safeParse({ ...sampleEvents.StageAdvanced, ...patch }).success).toBe(
      false,
    );
  });

  it('keeps extra string metadata keys and strips unknown envelope keys', () => {
    const parsed = leadEventSchema.parse({
      ...sampleEvents.StageAdvanced,
      metadata: { tenant: 'acme' },
      shard: 7,
    });
    expect(parsed.metadata).toEqual({ tenant: 'acme' });
    expect(parsed).not.toHaveProperty('shard');
  });

  it.each([
    ['a negative amount', { value: -1, currency: 'EUR' }],
    ['a fractional amount', { value: 10.5, currency: 'EUR' }],
    ['an unsafe integer', { value: Number.MAX_SAFE_INTEGER + 1, currency: 'EUR' }],
    ['a lower-case currency', { value: 100, currency: 'eur' }],
    ['a 4-letter currency', { value: 100, currency: 'EURO' }],
  ])('rejects %s', (_, amount) => {
    const event = { ...sampleEvents.DealWon, data: { ...sampleEvents.DealWon.data, amount } };
    expect(leadEventSchema.safeParse(event).success).toBe(false);
  });

  it('accepts the largest safe amount', () => {
    const amount = { value: Number.MAX_SAFE_INTEGER, currency: 'JPY' };
    const event = { ...sampleEvents.DealWon, data: { ...sampleEvents.DealWon.data, amount } };
    expect(leadEventSchema.safeParse(event).success).toBe(true);
  });

  it('requires a lost reason and an empty name is not a name', () => {
    const { reason: _reason, ...noReason } = sampleEvents.DealLost.data;
    expect(leadEventSchema.safeParse({ ...sampleEvents.DealLost, data: noReason }).success).toBe(
      false,
    );
    const unnamed = { ...sampleEvents.LeadCreated.data, name: '' };
    expect(leadEventSchema.safeParse({ ...sampleEvents.LeadCreated, data: unnamed }).success).toBe(
      false,
    );
  });
});
