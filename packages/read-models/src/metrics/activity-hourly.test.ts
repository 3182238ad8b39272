import { describe, expect, it } from 'vitest';
import { hourOf, splitHours } from './activity-hourly.js';

const H = 3_600_000;
const T = Date.UTC(2025, 2, 10);

describe('splitHours', () => {
  it('cuts a range into its whole hours and the sub-hour edges, which tile it', () => {
    const range = { from: T + 2 * H + 1, to: T + 9 * H + 30 * 60_000 };
    expect(splitHours(range)).toEqual({
      hours: { from: T + 3 * H, to: T + 9 * H },
      edges: [
        { from: T + 2 * H + 1, to: T + 3 * H },
        { from: T + 9 * H, to: T + 9 * H + 30 * 60_000 },
      ],
    });
  });

  it('keeps a range on whole hours whole, and one inside an hour as an edge', () => {
    expect(splitHours({ from: T, to: T + 24 * H })).toEqual({
      hours: { from: T, to: T + 24 * H },
      edges: [],
    });
    const inside = { from: T + H + 5, to: T + 2 * H - 5 };
    expect(splitHours(inside)).toEqual({ hours: null, edges: [inside] });
    expect(splitHours({ from: T, to: T })).toEqual({ hours: null, edges: [] });
  });

  it('numbers hours from the epoch, the last ms of an hour in it', () => {
    expect(hourOf(T)).toBe(T / H);
    expect(hourOf(T + H - 1)).toBe(T / H);
    expect(hourOf(T + H)).toBe(T / H + 1);
  });
});
