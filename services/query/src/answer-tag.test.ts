import { describe, expect, it } from 'vitest';
import { answerTag, ifNoneMatchHits, normalisedQuery } from './answer-tag.js';
import { sharedAppliedPosition } from './applied-position-reader.js';

const base = { version: 2, position: 41, route: '/v1/funnel', query: {}, catalog: 'c' };

describe('answerTag', () => {
  it('names version and position, and digests route, query, catalog and clock', () => {
    expect(answerTag(base)).toMatch(/^"v2\.41\.[\w-]{16}"$/);
    expect(answerTag(base)).toBe(answerTag({ ...base }));
    const variants = [
      { ...base, version: 3 },
      { ...base, position: 42 },
      { ...base, route: '/v1/metrics/summary' },
      { ...base, query: { ownerId: 'ada' } },
      { ...base, catalog: 'd' },
      { ...base, clock: 1_000 },
    ];
    const tags = new Set([answerTag(base), ...variants.map(answerTag)]);
    expect(tags.size).toBe(variants.length + 1);
  });

  it('normalises key order, absent values and the spelling of instants', () => {
    expect(normalisedQuery({ b: '1', a: '2', c: undefined })).toBe(
      normalisedQuery({ a: '2', b: '1' }),
    );
    expect(normalisedQuery({ from: '2025-03-01T00:00:00Z' })).toBe(
      normalisedQuery({ from: '2025-03-01T01:00:00.000+01:00' }),
    );
    expect(normalisedQuery({ ownerId: '2025-03-01T00:00:00Z' })).not.toBe(
      normalisedQuery({ ownerId: '2025-03-01T00:00:00.000Z' }),
    );
  });
});

describe('ifNoneMatchHits', () => {
  const tag = '"v1.2.abc"';
  it.each([
    [tag, true],
    [`W/${tag}`, true],
    [`"x", ${tag}`, true],
    ['*', true],
    ['"v1.2.abd"', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (header, hit) => {
    expect(ifNoneMatchHits(header, tag)).toBe(hit);
  });
});

describe('sharedAppliedPosition', () => {
  it('shares one read among concurrent callers and reads again afterwards', async () => {
    let reads = 0;
    const position = sharedAppliedPosition(async (v) => {
      reads++;
      await Promise.resolve();
      return v * 10 + reads;
    });
    expect(await Promise.all([position(1), position(1), position(1)])).toEqual([11, 11, 11]);
    expect(await position(1)).toBe(12);
    expect(await position(2)).toBe(23);
  });

  it('reuses a position for ttlMs when asked to', async () => {
    let clock = 0;
    let reads = 0;
    const position = sharedAppliedPosition(
      () => Promise.resolve(++reads),
      100,
      () => clock,
    );
    expect(await position(1)).toBe(1);
    clock = 99;
    expect(await position(1)).toBe(1);
    clock = 100;
    expect(await position(1)).toBe(2);
  });
});
