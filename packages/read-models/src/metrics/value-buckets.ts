import { valueBounds } from '@dealflow/db';

/**
 * Fixed log-scale buckets of non-negative integer values (money in minor units, durations in
 * ms): 16 per doubling (each ~4.4 % wide) up to 2^53. Bucket `b` holds the values `v` with
 * `VALUE_BOUNDS[b - 1] <= v < VALUE_BOUNDS[b]`; bucket 0 everything below 1. The bounds are
 * integers, so Postgres (`width_bucket(v, bounds)`) and JavaScript ({@link valueBucket}) put
 * every value in the same bucket, exactly.
 */
export const VALUE_BOUNDS: readonly number[] = valueBounds();

/** The bucket of `value` (the number of bounds at or below it, like `width_bucket`). */
export function valueBucket(value: number): number {
  let lo = 0;
  let hi = VALUE_BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((VALUE_BOUNDS[mid] ?? Infinity) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The values bucket `b` holds: `[from, to)`, infinite at the ends. */
export function bucketRange(b: number): { from: number; to: number } {
  return {
    from: b === 0 ? -Infinity : (VALUE_BOUNDS[b - 1] ?? Infinity),
    to: VALUE_BOUNDS[b] ?? Infinity,
  };
}

/** The bounds as a Postgres array literal (for `width_bucket`). */
export const VALUE_BOUNDS_LITERAL = `{${VALUE_BOUNDS.join(',')}}`;
