import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueBucket } from './value-buckets.js';
import { planPercentiles, type HistogramRow } from './won-percentiles.js';

/** PostgreSQL `percentile_cont` of `values` (the contract's definition), divided by `scale`. */
function percentileCont(values: readonly number[], p: number, scale: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = p * (sorted.length - 1);
  const lo = Math.floor(h);
  const a = (sorted[lo] ?? NaN) / scale;
  return a + (h - lo) * ((sorted[Math.ceil(h)] ?? NaN) / scale - a);
}

/** The histogram of `values`, its buckets spread over `parts` rows (as a cycle's currencies). */
function histogram(values: readonly number[], parts: number): HistogramRow[] {
  const rows = Array.from({ length: parts }, (_, i) => ({
    currency: `C${i}`,
    measure: 'cycle' as const,
    buckets: [] as number[],
  }));
  const byBucket = new Map<number, number[]>();
  for (const v of values)
    byBucket.set(valueBucket(v), [...(byBucket.get(valueBucket(v)) ?? []), v]);
  for (const [bucket, vs] of byBucket) {
    rows.forEach((row, i) => {
      const mine = vs.filter((_, j) => j % parts === i);
      row.buckets.push(
        bucket,
        mine.length,
        mine.reduce((s, v) => s + v, 0),
      );
    });
  }
  return rows;
}

/** One row of the given `[bucket, n, total]` triples. */
const row = (...triples: [number, number, number][]): HistogramRow => ({
  currency: '',
  measure: 'cycle',
  buckets: triples.flat(),
});

/** Values spread over many buckets, with repeats: ms from a second to a year, and amounts. */
const values = fc.array(
  fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.integer({ min: 1_000, max: 31_536_000_000 }),
    fc.constantFrom(5_000_000, 86_400_000),
  ),
  { minLength: 1, maxLength: 400 },
);

describe('planPercentiles', () => {
  it('reads the buckets holding the wanted ranks and finishes as percentile_cont', () => {
    fc.assert(
      fc.property(
        values,
        fc.subarray([0, 0.1, 0.5, 0.9, 1], { minLength: 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(1, 86_400_000),
        (vs, ps, parts, scale) => {
          const plan = planPercentiles('cycle', undefined, histogram(vs, parts), ps, scale);
          // At most the two buckets of each percentile's two ranks, each read once.
          const buckets = plan.reads.map((r) => r.bucket);
          expect(new Set(buckets).size).toBe(buckets.length);
          expect(buckets.length).toBeLessThanOrEqual(2 * ps.length);
          // What valuesAtMany answers: the values at the offsets among the bucket's, ascending.
          const answers = plan.reads.map((r) => {
            const mine = vs.filter((v) => valueBucket(v) === r.bucket).sort((a, b) => a - b);
            expect(r.count).toBe(mine.length);
            return new Map(r.offsets.map((k) => [k, mine[k] ?? NaN]));
          });
          const got = plan.finish(answers);
          ps.forEach((p, i) => {
            expect(got[i]).toBeCloseTo(percentileCont(vs, p, scale), 9);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads nothing for an empty histogram, or one whose counts net to zero', () => {
    expect(planPercentiles('cycle', undefined, [], [0.5, 0.9]).reads).toEqual([]);
    expect(planPercentiles('cycle', undefined, [], [0.5, 0.9]).finish([])).toEqual([null, null]);
    const netZero = [row([40, 1, 9]), row([40, -1, -9])];
    expect(planPercentiles('cycle', undefined, netZero, [0.5]).finish([])).toEqual([null]);
  });

  it('finds a rank past a bucket whose takings back outweigh its wins in the window', () => {
    // An activity window can hold a win taken back without the win: bucket 30 nets −1.
    const plan = planPercentiles('cycle', undefined, [row([30, -1, -100], [50, 3, 3_000])], [0.5]);
    // Ranks 0 and 1 of the 2 net deals sit at offsets 1 and 2 of bucket 50's rows.
    expect(plan.reads.map((r) => [r.bucket, r.offsets])).toEqual([[50, [1, 2]]]);
    const rows = new Map([
      [1, 1_000],
      [2, 1_234],
    ]);
    expect(plan.finish([rows])).toEqual([1_117]);
  });
});
