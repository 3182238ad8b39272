/**
 * Metric formulas shared by the query service and the reference fold, so both compute the same
 * numbers. Undefined results (division by zero, no values) are `null`, never NaN or an error.
 */

const MS_PER_DAY = 86_400_000;

/** `a / b`, or `null` when `b` is 0 or the result is not a finite number. */
export function safeDivide(a: number, b: number): number | null {
  if (b === 0) {
    return null;
  }
  const quotient = a / b;
  return Number.isFinite(quotient) ? quotient : null;
}

/**
 * A rate in [0, 1]: `part / whole`, or `null` when it is undefined — `whole` is 0, or the counts
 * are not a part of a whole (a negative net count: in an activity window, reopenings took back
 * more closes than were made).
 */
export function rate(part: number, whole: number): number | null {
  return part < 0 || part > whole ? null : safeDivide(part, whole);
}

/** The arithmetic mean, or `null` for no values. */
export function mean(values: readonly number[]): number | null {
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return safeDivide(sum, values.length);
}

/** Linear interpolation between closest ranks over values already sorted ascending. */
function interpolate(sorted: readonly number[], p: number): number | null {
  const rank = p * (sorted.length - 1);
  const below = sorted[Math.floor(rank)];
  const above = sorted[Math.ceil(rank)];
  if (below === undefined || above === undefined) {
    return null;
  }
  return below + (above - below) * (rank - Math.floor(rank));
}

/**
 * The `p`-th percentile (`p` in [0, 1]) by linear interpolation between closest ranks — the
 * definition of PostgreSQL's `percentile_cont`, so SQL and TypeScript agree: with n sorted
 * values, rank = p × (n − 1), and the result lies between the values at floor and ceil of it.
 * `null` for no values.
 *
 * @example percentile([1, 2, 3, 4], 0.9) // 3.7
 * @throws RangeError when `p` is outside [0, 1]
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`percentile p must be in [0, 1], got ${p}`);
  }
  return interpolate(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/**
 * The median of values ALREADY SORTED ascending (e.g. by `ORDER BY` in SQL): the middle value,
 * or the mean of the two middle values; `null` for no values. Same as `percentile(values, 0.5)`.
 */
export function median(sorted: readonly number[]): number | null {
  return interpolate(sorted, 0.5);
}

/**
 * Fractional days from `isoA` to `isoB` (milliseconds ÷ 86 400 000); negative when `isoB` is
 * earlier.
 *
 * @throws RangeError when a timestamp cannot be parsed
 */
export function daysBetween(isoA: string, isoB: string): number {
  const a = Date.parse(isoA);
  const b = Date.parse(isoB);
  if (Number.isNaN(a) || Number.isNaN(b)) {
    throw new RangeError(`daysBetween: not a timestamp: ${Number.isNaN(a) ? isoA : isoB}`);
  }
  return (b - a) / MS_PER_DAY;
}
