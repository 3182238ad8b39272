/**
 * A copy without the keys whose value is `undefined`, so optional fields that were not given
 * are absent from events (as they are after a JSON round trip), not present as `undefined`.
 */
export function compact<T extends object>(value: T): T {
  const copy = { ...value };
  for (const key of Object.keys(copy) as (keyof T)[]) {
    if (copy[key] === undefined) {
      delete copy[key];
    }
  }
  return copy;
}
