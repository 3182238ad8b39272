/**
 * Reads a Kafka int64 (`@platformatic/kafka` hands them over as bigints) as a JS number,
 * refusing values a double cannot hold exactly (see the note on offsets in `port.ts`).
 */
export function bigintToSafeNumber(value: bigint, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new RangeError(`${what} ${value} is not a safe integer`);
  }
  return number;
}
