import type { ChunkPart } from '../apply/apply-chunk.js';

interface Waiting<R> {
  part: ChunkPart;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

const samePartition = (a: ChunkPart, b: ChunkPart): boolean =>
  a.stream === b.stream && a.partition === b.partition;

/**
 * Group commit for the projector: the chunks that the partitions of one fetch hand in together
 * are applied in one transaction (`applyChunks`), not one after the other, so the last
 * partition's records wait for one commit instead of one per partition. Rounds run one at a
 * time; a round takes every chunk waiting when it starts (at most one per partition, a later
 * chunk of the same partition waits for the next round), and each caller gets its own chunk's
 * answer. When a round fails, every chunk in it fails (nothing of it was committed).
 *
 * @example
 * const group = new ChunkGroup((parts) => applyChunks(target, parts));
 * const result = await group.submit({ stream, partition, records });
 */
export class ChunkGroup<R> {
  readonly #apply: (parts: ChunkPart[]) => Promise<R[]>;
  #waiting: Waiting<R>[] = [];
  #running = false;

  constructor(apply: (parts: ChunkPart[]) => Promise<R[]>) {
    this.#apply = apply;
  }

  /** Applies `part` in the next round; resolves with its answer once that round committed. */
  submit(part: ChunkPart): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ part, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        void this.#drain();
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      // The partitions of one fetch are handed in within the same turn of the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const round: Waiting<R>[] = [];
      const later: Waiting<R>[] = [];
      for (const w of this.#waiting) {
        (round.some((r) => samePartition(r.part, w.part)) ? later : round).push(w);
      }
      this.#waiting = later;
      try {
        const results = await this.#apply(round.map((w) => w.part));
        round.forEach((w, i) => {
          const result = results[i];
          if (result === undefined) w.reject(new Error('no answer for a chunk of the round'));
          else w.resolve(result);
        });
      } catch (error) {
        for (const w of round) w.reject(error);
      }
    }
    this.#running = false;
  }
}
