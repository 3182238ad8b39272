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

  it('leaves no unhandled rejection when the sequence fails after the consumer stopped', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      async function* dropped() {
        yield 1;
        yield 2;
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new Error('connection dropped');
      }
      const seen: number[][] = [];
      for await (const batch of batchesOf(dropped(), 2, 1_000)) {
        seen.push(batch);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toEqual([[1, 2]]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('still reports a failure of the sequence to the consumer', async () => {
    async function* dropped() {
      yield 1;
      await Promise.resolve();
      throw new Error('connection dropped');
    }
    await expect(collect(dropped(), 5, 1_000)).rejects.toThrow('connection dropped');
  });
});
