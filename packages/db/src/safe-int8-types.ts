import pg from 'pg';

const INT8: number = pg.types.builtins.INT8;

/**
 * Type parsers for a pg pool that read `bigint` (int8) columns as JS numbers instead of pg's
 * default strings — per pool (the `types` option), never by mutating pg's global parsers, so
 * other pg users in the same process keep pg's defaults.
 *
 * Why numbers: the int8 values this system reads — event positions, Kafka offsets, `count(*)` —
 * stay far below 2^53 (a million events a day for 20 000 years), and numbers compare, sort and
 * do arithmetic without ceremony. Why not silently: a value beyond `Number.MAX_SAFE_INTEGER`
 * throws instead of losing precision. `numeric` (e.g. `sum()` of bigints), `xid8` and int8
 * arrays keep pg's defaults (strings).
 */
export const safeInt8Types: pg.CustomTypesConfig = {
  getTypeParser: (id: number, format) =>
    id === INT8 && format !== 'binary'
      ? parseSafeInt8
      : (pg.types.getTypeParser(id, format) as unknown),
};

/** Parses an int8 text value into a number, refusing values a double cannot hold exactly. */
export function parseSafeInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is beyond Number.MAX_SAFE_INTEGER`);
  }
  return value;
}
