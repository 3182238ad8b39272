import { describe, expect, it } from 'vitest';
import { sharedBuffersMb } from './postgres.js';

const GiB = 1024 ** 3;

describe('sharedBuffersMb', () => {
  it('takes a quarter of the memory, at least 128 MB and at most 2 GB', () => {
    expect(sharedBuffersMb(4 * GiB)).toBe(1024);
    expect(sharedBuffersMb(24 * GiB)).toBe(2048);
    expect(sharedBuffersMb(GiB / 4)).toBe(128);
  });
});
