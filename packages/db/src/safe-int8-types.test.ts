import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseSafeInt8, safeInt8Types } from './safe-int8-types.js';

describe('safeInt8Types', () => {
  it('parses int8 text as a number', () => {
    const parse = safeInt8Types.getTypeParser(pg.types.builtins.INT8, 'text') as (
      text: string,
    ) => unknown;
    expect(parse('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps pg defaults for other types', () => {
    const parse = safeInt8Types.getTypeParser(pg.types.builtins.NUMERIC, 'text') as (
      text: string,
    ) => unknown;
    expect(parse('12345678901234567890')).toBe('12345678901234567890');
  });

  it('does not touch pg’s global parsers', () => {
    const parse = pg.types.getTypeParser(pg.types.builtins.INT8, 'text') as (
      text: string,
    ) => unknown;
    expect(parse('42')).toBe('42');
  });

  it('refuses values beyond 2^53 rather than rounding them', () => {
    expect(() => parseSafeInt8('9007199254740993')).toThrow(RangeError);
    expect(parseSafeInt8('-5')).toBe(-5);
  });
});
