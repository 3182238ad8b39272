import { expect } from 'vitest';

/** Relative tolerance of float comparisons: sums in another order differ in the last bits. */
const TOLERANCE = 1e-9;

/** `expected` with every number replaced by `actual`'s where the two agree within tolerance. */
function align(actual: unknown, expected: unknown): unknown {
  if (typeof actual === 'number' && typeof expected === 'number') {
    const near = Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
    return near ? actual : expected;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return expected.map((e, i): unknown => align(actual[i], e));
  }
  if (
    actual !== null &&
    expected !== null &&
    typeof actual === 'object' &&
    typeof expected === 'object'
  ) {
    const a = actual as Record<string, unknown>;
    return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, align(a[k], v)]));
  }
  return expected;
}

/** Deep equality where numbers may differ by a relative 1e-9 (and the diff shows the rest). */
export function expectNear(actual: unknown, expected: unknown, context?: unknown): void {
  expect(actual, JSON.stringify(context)).toEqual(align(actual, expected));
}
