import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MsRange } from './metric-scope.js';
import { cutPlane } from './sum-metric-deltas.js';

const DAY = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00Z');
const inside = (r: MsRange, ms: number) => r.from <= ms && ms < r.to;

/** A bound within ~60 days: any millisecond, a midnight, or one millisecond either side of it. */
const bound = fc.oneof(
  fc.integer({ min: 0, max: 60 * DAY }),
  fc.integer({ min: 0, max: 60 }).map((d) => d * DAY),
  fc.integer({ min: 1, max: 60 }).map((d) => d * DAY - 1),
  fc.integer({ min: 0, max: 60 }).map((d) => d * DAY + 1),
);
const range = fc
  .tuple(fc.option(bound, { nil: undefined }), fc.option(bound, { nil: undefined }))
  .map(([a, b]): MsRange => {
    const from = a === undefined ? -Infinity : START + a;
    const to = b === undefined ? Infinity : START + b;
    return from <= to ? { from, to } : { from: to, to: from };
  });
const point = fc.integer({ min: -2 * DAY, max: 62 * DAY }).map((ms) => START + ms);

describe('cutPlane', () => {
  it('counts every (created, occurred) point of the plane exactly once, with or without subtracted edges', () => {
    fc.assert(
      fc.property(range, range, fc.boolean(), point, point, (created, occurred, subtract, c, o) => {
        const cut = cutPlane(created, occurred, false, subtract);
        let count = 0;
        if (cut.whole !== null && inside(cut.whole.created, c) && inside(cut.whole.occurred, o)) {
          // Whole days are read from day cells: every point of a whole day counts.
          expect(cut.whole.occurred.from % DAY === 0 || cut.whole.occurred.from === -Infinity).toBe(
            true,
          );
          count += 1;
        }
        for (const [cr, or, sign] of cut.boxes) {
          if (inside(cr, c) && inside(or, o)) count += sign;
        }
        expect(count).toBe(inside(created, c) && inside(occurred, o) ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads at most half a day of events at an occurred edge when it may subtract', () => {
    fc.assert(
      fc.property(range, range, (created, occurred) => {
        const cut = cutPlane(created, occurred, false, true);
        const ownDays = cut.boxes.filter(([cr]) => cr === cut.whole?.created);
        for (const [, or] of ownDays) expect(or.to - or.from).toBeLessThanOrEqual(DAY / 2);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads an asOf late in a day as the whole day minus the rest of it', () => {
    const asOfEnd = Date.parse('2025-03-10T18:34:15.029Z');
    const cut = cutPlane(
      { from: -Infinity, to: Infinity },
      { from: -Infinity, to: asOfEnd },
      false,
      true,
    );
    expect(cut.whole?.occurred).toEqual({
      from: -Infinity,
      to: Date.parse('2025-03-11T00:00:00Z'),
    });
    expect(cut.boxes).toEqual([
      [
        { from: -Infinity, to: Infinity },
        { from: asOfEnd, to: Date.parse('2025-03-11T00:00:00Z') },
        -1,
      ],
    ]);
    const early = Date.parse('2025-03-10T05:00:00Z');
    expect(
      cutPlane({ from: -Infinity, to: Infinity }, { from: -Infinity, to: early }).boxes,
    ).toEqual([
      [
        { from: -Infinity, to: Infinity },
        { from: Date.parse('2025-03-10T00:00:00Z'), to: early },
        1,
      ],
    ]);
  });
});
