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

  it('reads again when asked for a fresh position, and never goes back', async () => {
    const clock = 0;
    let stored = 5;
    const position = sharedAppliedPosition(
      () => Promise.resolve(stored),
      100,
      () => clock,
    );
    expect(await position(1)).toBe(5);
    stored = 7;
    expect(await position(1)).toBe(5);
    expect(await position(1, { fresh: true })).toBe(7);
    expect(await position(1)).toBe(7);
    // A slower read of an older position does not replace a newer one.
    stored = 6;
    expect(await position(1, { fresh: true })).toBe(7);
  });

  it('takes observed positions, so nothing is tagged behind what the change feed saw', async () => {
    let clock = 0;
    let reads = 0;
    const position = sharedAppliedPosition(
      () => Promise.resolve(++reads),
      100,
      () => clock,
    );
    expect(await position(1)).toBe(1);
    position.observe(1, 40);
    expect(await position(1)).toBe(40);
    position.observe(1, 30);
    expect(await position(1)).toBe(40);
    clock = 150;
    expect(await position(1)).toBe(40); // read 2 < 40: the higher position stays
    expect(reads).toBe(2);
  });
});
