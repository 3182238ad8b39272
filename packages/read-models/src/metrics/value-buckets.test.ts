import { describe, expect, it } from 'vitest';
import { bucketRange, valueBucket, VALUE_BOUNDS } from './value-buckets.js';

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
