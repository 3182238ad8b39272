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
});
