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

  it('is JSON.stringify of an object built from the sorted keys, for any JSON value', () => {
    // The definition stored request hashes were taken over: a change of it would turn every
    // repeat of an earlier request into a reuse of its key.
    const sorted = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(sorted);
      if (value === null || typeof value !== 'object') return value;
      const keys = Object.keys(value).sort();
      return Object.fromEntries(
        keys.map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
      );
    };
    // An object lists integer-like keys first, whatever the order they were added in.
    expect(canonicalJson({ b: 1, 10: 2, a: 3, 2: 4 })).toBe('{"2":4,"10":2,"a":3,"b":1}');
    const proto: unknown = JSON.parse('{"b":1,"__proto__":{"x":1}}');
    expect(canonicalJson(proto)).toBe('{"__proto__":{"x":1},"b":1}');
    expect(canonicalJson(proto)).toBe(JSON.stringify(sorted(proto)));
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
      }),
    );
  });
});
