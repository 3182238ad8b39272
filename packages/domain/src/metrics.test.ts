import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, mean, median, percentile, safeDivide } from './metrics.js';

describe('safeDivide', () => {
  it('divides', () => {
    expect(safeDivide(1, 4)).toBe(0.25);
    expect(safeDivide(0, 3)).toBe(0);
  });

  it('is null on division by zero, never NaN or Infinity', () => {
    expect(safeDivide(1, 0)).toBeNull();
    expect(safeDivide(0, 0)).toBeNull();
    expect(safeDivide(Number.NaN, 1)).toBeNull();
    expect(safeDivide(Number.MAX_VALUE, Number.MIN_VALUE)).toBeNull();
  });
});

describe('mean', () => {
  it('averages', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });

  it('is null for no values', () => {
    expect(mean([])).toBeNull();
  });
});

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle pair of an even count', () => {
    expect(median([1, 5, 9])).toBe(5);
    expect(median([1, 2, 4, 10])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});

describe('percentile (linear, as PostgreSQL percentile_cont)', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46);
    expect(percentile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
  });

  it('sorts its input', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it('gives the extremes at 0 and 1', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 1)).toBe(3);
  });

  it('is null for no values and refuses p outside [0, 1]', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('agrees with median and stays within the data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          expect(percentile(values, 0.5)).toBe(median(sorted));
          const result = percentile(values, p) ?? Number.NaN;
          expect(result).toBeGreaterThanOrEqual(sorted[0] ?? Number.NaN);
          expect(result).toBeLessThanOrEqual(sorted.at(-1) ?? Number.NaN);
        },
      ),
    );
  });
});

describe('daysBetween', () => {
  it('counts fractional days from a to b', () => {
    expect(daysBetween('2025-03-01T00:00:00.000Z', '2025-03-02T12:00:00.000Z')).toBe(1.5);
    expect(daysBetween('2025-03-02T00:00:00Z', '2025-03-01T00:00:00Z')).toBe(-1);
    expect(daysBetween('2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z')).toBe(0);
  });

  it('refuses what is not a timestamp', () => {
    expect(() => daysBetween('soon', '2025-03-01T00:00:00Z')).toThrow(RangeError);
  });
});
