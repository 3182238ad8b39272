import { describe, expect, it } from 'vitest';
import {
  bucketRange,
  FINE_BOUNDS,
  fineBucket,
  fineBucketRange,
  fineBucketsOf,
  valueBucket,
  VALUE_BOUNDS,
} from './value-buckets.js';

describe('value buckets', () => {
  it('are strictly increasing integers from 1, ~4.4 % wide (whole numbers apart)', () => {
    expect(VALUE_BOUNDS[0]).toBe(1);
    for (let i = 1; i < VALUE_BOUNDS.length; i++) {
      const [a, b] = [VALUE_BOUNDS[i - 1] ?? 0, VALUE_BOUNDS[i] ?? 0];
      expect(Number.isInteger(b) && b > a).toBe(true);
      expect(b / a).toBeLessThanOrEqual(1.045 + 1 / a);
    }
    expect(VALUE_BOUNDS[VALUE_BOUNDS.length - 1]).toBe(2 ** 53);
  });

  it('put a bound in the bucket it starts, the value below it in the one before', () => {
    for (let b = 1; b < VALUE_BOUNDS.length; b++) {
      const bound = VALUE_BOUNDS[b - 1] ?? 0;
      expect(valueBucket(bound)).toBe(b);
      expect(valueBucket(bound - 1)).toBe(b - 1);
      expect(bucketRange(b).from).toBe(bound);
      expect(bucketRange(b - 1).to).toBe(bound);
    }
    expect(valueBucket(0)).toBe(0);
    expect(valueBucket(-5)).toBe(0);
    expect(bucketRange(0).from).toBe(-Infinity);
    expect(bucketRange(VALUE_BOUNDS.length).to).toBe(Infinity);
  });
});

describe('fine value buckets', () => {
  it('tile each coarse bucket exactly: its first fine bucket starts it, its last ends it', () => {
    for (let b = 0; b <= VALUE_BOUNDS.length; b++) {
      const { first, last } = fineBucketsOf(b);
      expect(fineBucketRange(first).from).toBe(bucketRange(b).from);
      expect(fineBucketRange(last).to).toBe(bucketRange(b).to);
      expect(last).toBeGreaterThanOrEqual(first);
      if (b > 0) expect(first).toBe(fineBucketsOf(b - 1).last + 1);
    }
  });

  it('are ~0.27 % wide and agree with the coarse bucket of every value', () => {
    for (let f = 2; f < FINE_BOUNDS.length; f++) {
      const [a, b] = [FINE_BOUNDS[f - 1] ?? 0, FINE_BOUNDS[f] ?? 0];
      expect(b / a).toBeLessThanOrEqual(1.0028 + 1 / a);
    }
    for (const v of [0, 1, 2, 17, 999, 4_987_897, 5_208_729, 984_625_594, 2 ** 40 + 3]) {
      const f = fineBucket(v);
      const { first, last } = fineBucketsOf(valueBucket(v));
      expect(f >= first && f <= last).toBe(true);
      const { from, to } = fineBucketRange(f);
      expect(v >= from && v < to).toBe(true);
    }
  });
});
