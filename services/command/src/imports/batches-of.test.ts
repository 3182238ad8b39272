import { describe, expect, it } from 'vitest';
import { batchesOf } from './batches-of.js';

async function collect<T>(items: AsyncIterable<T>, size: number, idleMs: number) {
  const out: T[][] = [];
  for await (const batch of batchesOf(items, size, idleMs)) out.push(batch);
  return out;
}

async function* numbers(count: number, pauseAfter?: number, pauseMs = 0) {
  for (let i = 1; i <= count; i++) {
    if (i - 1 === pauseAfter) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    yield i;
  }
}

describe('batchesOf', () => {
  it('cuts a steady sequence into full batches and a last partial one, in order', async () => {
    expect(await collect(numbers(7), 3, 1_000)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('ends a batch early when the next item is slower than the idle wait', async () => {
    expect(await collect(numbers(5, 2, 200), 10, 20)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('yields nothing for an empty sequence', async () => {
    expect(await collect(numbers(0), 3, 10)).toEqual([]);
  });
});
