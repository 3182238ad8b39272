import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent } from './parse-event.js';
import { sampleEvents } from './testing/sample-events.js';

describe('parseEvent', () => {
  it('reads an envelope from the events table as it reads one from Kafka', () => {
    expect(parseEvent(structuredClone(sampleEvents.DealLost))).toEqual({
      ok: true,
      event: sampleEvents.DealLost,
    });
  });

  it('returns invalid_event instead of throwing when reading the value throws', () => {
    const hostile = {
      ...sampleEvents.DealWon,
      get data(): never {
        throw new Error('boom');
      },
    };
    expect(parseEvent(hostile)).toMatchObject({ ok: false, error: { code: 'invalid_event' } });
  });

  it('never throws on anything', () => {
    fc.assert(
      fc.property(
        fc.anything({ withMap: true, withSet: true, withBigInt: true, withDate: true }),
        (value) => {
          expect(parseEvent(value).ok).toBe(false);
        },
      ),
    );
  });
});
