import { describe, expect, it } from 'vitest';
import { pgArrayLiteral } from './pg-array-literal.js';

describe('pgArrayLiteral', () => {
  it('quotes every text element, escapes quotes and backslashes, and spells NULL', () => {
    expect(pgArrayLiteral(['a', '', 'NULL', 'say "hi"', 'back\\slash', null])).toBe(
      '{"a","","NULL","say \\"hi\\"","back\\\\slash",NULL}',
    );
  });

  it('writes integers as they are, negative and beyond 32 bits included', () => {
    expect(pgArrayLiteral([0, -1, 9_007_199_254_740_991, null])).toBe(
      '{0,-1,9007199254740991,NULL}',
    );
  });

  it('is an empty array for no values', () => {
    expect(pgArrayLiteral([])).toBe('{}');
  });

  it('refuses numbers Postgres could not read back', () => {
    expect(() => pgArrayLiteral([Number.NaN])).toThrow(RangeError);
    expect(() => pgArrayLiteral([Infinity])).toThrow(RangeError);
  });
});
