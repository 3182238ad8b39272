/**
 * Postgres array literals (`{"a","b",NULL}`) built in one pass, for the `unnest` bulk writes.
 * The driver's generic array serialisation inspects and escapes every element on its own; a
 * batch of tens of thousands of rows spends more time there than Postgres spends parsing the
 * literal. Pass the result as a text parameter cast to the element type (`$1::text[]`).
 */
export function pgArrayLiteral(values: readonly (string | number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    if (value === null || value === undefined) out += 'NULL';
    else if (typeof value === 'number') out += numberElement(value);
    else out += `"${value.includes('"') || value.includes('\\') ? escape(value) : value}"`;
  }
  return `${out}}`;
}

const escape = (value: string): string => value.replace(/["\\]/g, '\\$&');

function numberElement(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}
