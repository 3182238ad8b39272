import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('ignores key order and undefined members at every depth', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], z: undefined })).toBe(
      '{"a":[{"c":3,"d":2}],"b":1}',
    );
    expect(canonicalJson({ x: { q: 1, p: 2 } })).toBe(canonicalJson({ x: { p: 2, q: 1 } }));
  });

  it('serialises a missing value as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('is JSON.stringify of a copy with keys sorted at every depth, for any JSON value', () => {
    const sorted = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(sorted);
      if (value === null || typeof value !== 'object') return value;
      const keys = Object.keys(value).sort();
      return Object.fromEntries(
        keys.map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
      );
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
      }),
    );
  });
});
