/**
 * Reads a Kafka int64 (kafkajs hands them over as strings) as a JS number, refusing values a
 * double cannot hold exactly rather than rounding them (see the note on offsets in `port.ts`).
 */
export function toSafeNumber(value: string, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new RangeError(`${what} ${value} is not a safe integer`);
  }
  return number;
}
