import { describe, expect, it } from 'vitest';
import { answerCache } from './answer-cache.js';

describe('answerCache', () => {
  it('returns what was stored under a tag, and nothing for another tag', () => {
    const answers = answerCache(10_000);
    answers.set('"v1.4.a"', '{"leads":3}');
    expect(answers.get('"v1.4.a"')).toBe('{"leads":3}');
    expect(answers.get('"v1.5.a"')).toBeUndefined();
  });

  it('stays within its byte budget, dropping the least recently used first', () => {
    // Each entry costs 2 × (2 + 98) = 200 bytes; the budget holds eight.
    const answers = answerCache(1_600);
    const body = (n: number) => String(n).padEnd(98, '.');
    for (let i = 0; i < 8; i++) answers.set(`t${i}`, body(i));
    expect(answers.size()).toEqual({ entries: 8, bytes: 1_600 });
    answers.get('t0'); // t0 is now the most recent; t1 the least
    answers.set('t8', body(8));
    expect(answers.get('t1')).toBeUndefined();
    expect(answers.get('t0')).toBe(body(0));
    expect(answers.size()).toEqual({ entries: 8, bytes: 1_600 });
  });

  it('holds nothing with a zero budget, and never one answer above an eighth of it', () => {
    const off = answerCache(0);
    off.set('t', '{}');
    expect(off.get('t')).toBeUndefined();
    const small = answerCache(800);
    small.set('t', 'x'.repeat(60)); // 122 bytes > 100
    expect(small.get('t')).toBeUndefined();
    small.set('u', 'x'.repeat(40)); // 82 bytes
    expect(small.get('u')).toBe('x'.repeat(40));
  });

  it('replaces an entry under the same tag without counting it twice', () => {
    const answers = answerCache(10_000);
    answers.set('t', 'aaaa');
    answers.set('t', 'bb');
    expect(answers.get('t')).toBe('bb');
    expect(answers.size()).toEqual({ entries: 1, bytes: 2 * (1 + 2) });
  });
});
