import { fineValueBounds, valueBounds } from '@dealflow/db';

/**
 * Fixed log-scale buckets of non-negative integer values (money in minor units, durations in
 * ms): 16 per doubling (each ~4.4 % wide) up to 2^53. Bucket `b` holds the values `v` with
 * `VALUE_BOUNDS[b - 1] <= v < VALUE_BOUNDS[b]`; bucket 0 everything below 1. The bounds are
 * integers, so Postgres (`width_bucket(v, bounds)`) and JavaScript ({@link valueBucket}) put
 * every value in the same bucket, exactly.
 */
export const VALUE_BOUNDS: readonly number[] = valueBounds();

/**
 * The fine buckets of the all-time histogram's second level (`won_hist_fine`): 256 per
 * doubling, numbered like {@link VALUE_BOUNDS}'s. Every coarse bound is a fine bound, so
 * coarse bucket `b` is exactly the fine buckets {@link fineBucketsOf}(b).
 */
export const FINE_BOUNDS: readonly number[] = fineValueBounds();

/** The number of bounds of `bounds` at or below `value`, like `width_bucket`. */
function bucketIn(bounds: readonly number[], value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bounds[mid] ?? Infinity) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const rangeIn = (bounds: readonly number[], b: number) => ({
  from: b === 0 ? -Infinity : (bounds[b - 1] ?? Infinity),
  to: bounds[b] ?? Infinity,
});

/** The bucket of `value` (the number of bounds at or below it, like `width_bucket`). */
export const valueBucket = (value: number): number => bucketIn(VALUE_BOUNDS, value);

/** The values bucket `b` holds: `[from, to)`, infinite at the ends. */
export const bucketRange = (b: number): { from: number; to: number } => rangeIn(VALUE_BOUNDS, b);

/** The fine bucket of `value`. */
export const fineBucket = (value: number): number => bucketIn(FINE_BOUNDS, value);

/** The values fine bucket `f` holds: `[from, to)`, infinite at the ends. */
export const fineBucketRange = (f: number): { from: number; to: number } => rangeIn(FINE_BOUNDS, f);

/** The fine buckets that make up coarse bucket `b`: `[first, last]`, inclusive. */
export function fineBucketsOf(b: number): { first: number; last: number } {
  const { from, to } = bucketRange(b);
  return {
    first: Number.isFinite(from) ? fineBucket(from) : 0,
    last: Number.isFinite(to) ? fineBucket(to) - 1 : FINE_BOUNDS.length,
  };
}

/** The bounds as a Postgres array literal (for `width_bucket`). */
export const VALUE_BOUNDS_LITERAL = `{${VALUE_BOUNDS.join(',')}}`;

/** The fine bounds as a Postgres array literal. */
export const FINE_BOUNDS_LITERAL = `{${FINE_BOUNDS.join(',')}}`;
