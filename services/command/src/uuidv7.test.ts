import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuidv7.js';

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the millisecond timestamp', () => {
    const id = uuidv7(Date.UTC(2025, 2, 1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(Date.UTC(2025, 2, 1));
  });

  it('carries exactly the given millisecond once it is past the last one used', () => {
    const later = Date.now() + 3_600_000 + 12_345;
    const id = uuidv7(later);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(later);
  });

  it('is strictly increasing, also many times within one millisecond', () => {
    const now = Date.now() + 60_000;
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
