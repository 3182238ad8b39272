/**
 * JSON with object keys sorted at every depth and `undefined` members dropped, so two requests
 * that mean the same thing serialise to the same string whatever their key order.
 *
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/**
 * Writes the canonical text directly (no sorted copy of the value is built: it runs for every
 * idempotent request and every imported line). Like `JSON.stringify`, `undefined` (and
 * functions, symbols) are dropped from objects and written as `null` in arrays.
 */
function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => write(item) ?? 'null').join(',')}]`;
  }
  const members: string[] = [];
  for (const key of canonicalKeyOrder(Object.keys(value))) {
    const text = write((value as Record<string, unknown>)[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

/** Array-index keys (`"0"` … `"4294967294"`): a JS object lists them first, in numeric order. */
const isIndex = (key: string): boolean =>
  /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * Keys in the order of an object built from the sorted keys (what the canonical form has always
 * been, and what stored request hashes were taken over): array-index keys first in numeric
 * order, then the others sorted.
 */
function canonicalKeyOrder(keys: string[]): string[] {
  const sorted = keys.sort();
  if (!sorted.some(isIndex)) return sorted;
  const indexes = sorted.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...sorted.filter((key) => !isIndex(key))];
}
