/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The random choices of one history, all drawn from one seeded stream. */
export class Dice {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  hex(digits: number): string {
    let s = '';
    for (let i = 0; i < digits; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** A UUIDv7 whose timestamp is `ms` (the event's recordedAt) and whose rest is seeded. */
  uuidv7(ms: number): string {
    const t = ms.toString(16).padStart(12, '0');
    const variant = (8 + this.int(0, 3)).toString(16);
    return `${t.slice(0, 8)}-${t.slice(8)}-7${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}
