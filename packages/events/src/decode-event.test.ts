import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from './decode-event.js';
import { encodeEvent } from './encode-event.js';
import { leadEventSchema } from './lead-event.js';
import { arbitraryLeadEvent } from './testing/arbitrary-lead-event.js';
import { allSampleEvents, sampleEvents } from './testing/sample-events.js';

const source = 'dealflow/command';
const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const record = (value: unknown, key: string | null = 'lead-42') => ({ key, value: json(value) });

describe('decodeEvent', () => {
  it.each(allSampleEvents)('round-trips $type', (event) => {
    expect(decodeEvent(encodeEvent(event, { source }))).toEqual({ ok: true, event });
  });

  it('reads a Buffer key, a string value and kafkajs-style headers', () => {
    const event = sampleEvents.StageAdvanced;
    const result = decodeEvent({
      key: Buffer.from('lead-42'),
      value: JSON.stringify(event),
      headers: { ce_type: [Buffer.from('StageAdvanced')], other: undefined },
    });
    expect(result).toEqual({ ok: true, event });
  });

  it.each([
    ['null', null],
    ['an empty buffer', Buffer.alloc(0)],
    ['an empty string', ''],
  ])('reports empty_value for %s', (_, value) => {
    const result = decodeEvent({ key: 'lead-42', value, headers: { ce_type: 'DealWon' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'empty_value', type: 'DealWon' } });
  });

  it.each([
    ['truncated JSON', Buffer.from('{"id":')],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
  ])('reports invalid_json for %s', (_, value) => {
    expect(decodeEvent({ key: 'lead-42', value })).toMatchObject({
      ok: false,
      error: { code: 'invalid_json' },
    });
  });

  it('reports unknown_type with the type, so consumers can count and skip it', () => {
    const result = decodeEvent(record({ ...sampleEvents.DealWon, type: 'DealPaused' }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unknown_type', type: 'DealPaused' },
    });
  });

  it('reports invalid_event with the offending paths', () => {
    const data = { ...sampleEvents.DealWon.data, amount: { value: -5, currency: 'EUR' } };
    const result = decodeEvent(record({ ...sampleEvents.DealWon, data }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_event', type: 'DealWon', issues: [{ path: 'data.amount.value' }] },
    });
  });

  it.each([
    ['a JSON array', []],
    ['a JSON string', 'LeadCreated'],
    ['an envelope without type', { ...sampleEvents.DealWon, type: undefined }],
    ['a non-integer schemaVersion', { ...sampleEvents.DealWon, schemaVersion: '1' }],
    ['schemaVersion 0', { ...sampleEvents.DealWon, schemaVersion: 0 }],
  ])('reports invalid_event for %s', (_, value) => {
    expect(decodeEvent(record(value))).toMatchObject({
      ok: false,
      error: { code: 'invalid_event' },
    });
  });

  it('reports unsupported_version for a schema version newer than it knows', () => {
    const result = decodeEvent(record({ ...sampleEvents.DealLost, schemaVersion: 2 }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unsupported_version', type: 'DealLost' },
    });
  });

  it.each([
    ['another lead', 'lead-43'],
    ['no key', null],
  ])('reports key_mismatch for %s', (_, key) => {
    expect(decodeEvent(record(sampleEvents.LeadCreated, key))).toMatchObject({
      ok: false,
      error: { code: 'key_mismatch', type: 'LeadCreated' },
    });
  });

  it('round-trips any valid event', () => {
    fc.assert(
      fc.property(arbitraryLeadEvent, (event) => {
        expect(decodeEvent(encodeEvent(event, { source }))).toEqual({ ok: true, event });
      }),
    );
  });

  it('drops a __proto__ key of the metadata instead of making it the prototype', () => {
    const event = fc.sample(arbitraryLeadEvent, { numRuns: 1, seed: 7 })[0];
    if (event === undefined) throw new Error('no sample');
    const encoded = encodeEvent(event, { source });
    const json = JSON.parse(encoded.value.toString('utf8')) as { metadata: object };
    const polluted = `{"__proto__":{"polluted":"yes"},"actor":"x"}`;
    const value = Buffer.from(
      JSON.stringify(json).replace(/"metadata":\{[^}]*\}/, `"metadata":${polluted}`),
    );
    const decoded = decodeEvent({ ...encoded, value });
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.event.metadata).toEqual({ actor: 'x' });
    expect(Object.getPrototypeOf(decoded.event.metadata)).toBe(Object.prototype);
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
  });

  it('never throws on random bytes and never returns an invalid event', () => {
    fc.assert(
      fc.property(
        fc.option(fc.uint8Array({ maxLength: 512 })),
        fc.option(fc.string()),
        (bytes, key) => {
          const result = decodeEvent({ key, value: bytes === null ? null : Buffer.from(bytes) });
          expect(result.ok).toBe(false);
        },
      ),
    );
  });

  it('never throws on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decodeEvent(record(value));
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('never throws on valid events with one field replaced by anything', () => {
    const paths = [
      ['type'],
      ['schemaVersion'],
      ['version'],
      ['occurredAt'],
      ['data'],
      ['metadata'],
      ['data', 'amount'],
      ['data', 'fromStage'],
    ] as const;
    fc.assert(
      fc.property(
        arbitraryLeadEvent,
        fc.constantFrom(...paths),
        fc.jsonValue(),
        (event, path, junk) => {
          const mutated = structuredClone(event) as unknown as Record<
            string,
            Record<string, unknown>
          >;
          const [head, tail] = path;
          if (tail === undefined) {
            mutated[head] = junk as Record<string, unknown>;
          } else if (mutated[head] !== undefined) {
            mutated[head][tail] = junk;
          }
          const result = decodeEvent(record(mutated, event.leadId));
          if (result.ok) {
            expect(leadEventSchema.parse(result.event)).toEqual(result.event);
          } else {
            expect(typeof result.error.message).toBe('string');
          }
        },
      ),
    );
  });
});
