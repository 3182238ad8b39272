import { describe, expect, it } from 'vitest';
import { sampleEvents } from './testing/sample-events.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';
import { upcast, UPCASTERS, type UpcasterRegistry } from './upcasters.js';

const current = { ...SCHEMA_VERSIONS, DealWon: 3 };

/** A future where DealWon went v1 → v2 (amount renamed) → v3 (reason became a list). */
const future: UpcasterRegistry = {
  current,
  steps: {
    DealWon: {
      1: (raw) => ({ ...raw, data: { ...(raw['data'] as object), finalAmount: 'renamed' } }),
      2: (raw) => ({ ...raw, data: { ...(raw['data'] as object), reasons: [] } }),
    },
  },
};

describe('upcast', () => {
  it('passes every current v1 event through unchanged', () => {
    for (const event of Object.values(sampleEvents)) {
      expect(upcast({ ...event }, event.type, 1)).toEqual({ ok: true, raw: event });
    }
    expect(UPCASTERS.current).toEqual({
      LeadCreated: 1,
      StageAdvanced: 1,
      DealWon: 1,
      DealLost: 1,
      StageMovedBack: 1,
      DealReopened: 1,
      AmountChanged: 1,
      OwnerReassigned: 1,
      LeadErased: 1,
    });
  });

  it('applies one step per version, in order, and stamps the new schemaVersion', () => {
    const result = upcast({ ...sampleEvents.DealWon }, 'DealWon', 1, future);
    expect(result).toEqual({
      ok: true,
      raw: {
        ...sampleEvents.DealWon,
        schemaVersion: 3,
        data: { ...sampleEvents.DealWon.data, finalAmount: 'renamed', reasons: [] },
      },
    });
  });

  it('starts from the version it is given', () => {
    const result = upcast({ ...sampleEvents.DealWon, schemaVersion: 2 }, 'DealWon', 2, future);
    expect(result.ok && result.raw['data']).toEqual({ ...sampleEvents.DealWon.data, reasons: [] });
  });

  it('refuses a version newer than it knows', () => {
    expect(upcast({ ...sampleEvents.DealLost }, 'DealLost', 2)).toMatchObject({
      ok: false,
      reason: 'newer_than_supported',
    });
  });

  it('refuses a gap in the chain', () => {
    const gap: UpcasterRegistry = { current, steps: { DealWon: { 2: (raw) => raw } } };
    expect(upcast({ ...sampleEvents.DealWon }, 'DealWon', 1, gap)).toMatchObject({
      ok: false,
      reason: 'missing_upcaster',
    });
  });
});
