import { describe, expect, it } from 'vitest';
import { freeText } from './free-text.js';

describe('freeText', () => {
  const text = freeText(20);

  it('accepts any well-formed text, astral characters included', () => {
    expect(text.safeParse('Ćwikła & Søn 🫢').success).toBe(true);
  });

  it('refuses what Postgres cannot store: NUL and lone surrogates', () => {
    expect(text.safeParse('a\u0000b').success).toBe(false);
    expect(text.safeParse('\ud800').success).toBe(false);
    expect(text.safeParse('x\udc00y').success).toBe(false);
    expect(text.safeParse('\udc00\ud800').success).toBe(false);
  });
});
