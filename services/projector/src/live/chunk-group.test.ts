import { describe, expect, it } from 'vitest';
import type { ChunkPart } from '../apply/apply-chunk.js';
import { ChunkGroup } from './chunk-group.js';

const part = (partition: number, offset = 0): ChunkPart => ({
  stream: 'leads',
  partition,
  records: [],
  acceptGapAt: offset,
});

/** A chunk group whose rounds are recorded and held until released. */
function recorded() {
  const rounds: ChunkPart[][] = [];
  const releases: (() => void)[] = [];
  const group = new ChunkGroup<string>(async (parts) => {
    rounds.push(parts);
    await new Promise<void>((resolve) => releases.push(resolve));
    return parts.map((p) => `p${p.partition}@${p.acceptGapAt}`);
  });
  const release = async () => {
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    releases.shift()?.();
  };
  return { group, rounds, release };
}

describe('ChunkGroup', () => {
  it('applies the chunks handed in together in one round, each caller getting its own answer', async () => {
    const { group, rounds, release } = recorded();
    const answers = Promise.all([0, 1, 2].map((p) => group.submit(part(p))));
    await release();
    expect(await answers).toEqual(['p0@0', 'p1@0', 'p2@0']);
    expect(rounds.map((r) => r.map((p) => p.partition))).toEqual([[0, 1, 2]]);
  });

  it('takes chunks handed in during a round into the next one, one chunk per partition a round', async () => {
    const { group, rounds, release } = recorded();
    const first = group.submit(part(0, 0));
    const second = group.submit(part(0, 5));
    const other = group.submit(part(1, 0));
    await release();
    const late = group.submit(part(2, 0));
    await release();
    expect(await Promise.all([first, second, other, late])).toEqual([
      'p0@0',
      'p0@5',
      'p1@0',
      'p2@0',
    ]);
    expect(rounds.map((r) => r.map((p) => `${p.partition}@${p.acceptGapAt}`))).toEqual([
      ['0@0', '1@0'],
      ['0@5', '2@0'],
    ]);
  });

  it('fails every chunk of a failed round, and goes on with the next', async () => {
    let calls = 0;
    const group = new ChunkGroup<number>((parts) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('serialization failure'));
      return Promise.resolve(parts.map((p) => p.partition));
    });
    const failed = [group.submit(part(0)), group.submit(part(1))];
    for (const f of failed) await expect(f).rejects.toThrow('serialization failure');
    expect(await group.submit(part(3))).toBe(3);
  });

  it('refuses a round that answers fewer chunks than it was given', async () => {
    const group = new ChunkGroup<number>(() => Promise.resolve([1]));
    const [a, b] = [group.submit(part(0)), group.submit(part(1))];
    expect(await a).toBe(1);
    await expect(b).rejects.toThrow('no answer');
  });
});
