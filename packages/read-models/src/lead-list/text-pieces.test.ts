import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lookupPieces,
  MAX_TEXT_PIECES,
  rarestWord,
  textPieces,
  wordLookups,
} from './text-pieces.js';

describe('textPieces', () => {
  it('splits a text into its words, each with the character on either side', () => {
    expect(textPieces('company 1a')).toEqual(['company ', ' 1a']);
    expect(textPieces('lead 1f company')).toEqual(['lead ', ' 1f ', ' company']);
    expect(textPieces('ab-c')).toEqual(['ab-', '-c']);
    expect(textPieces('1a2b')).toEqual(['1a2b']);
    expect(textPieces('café 12')).toEqual(['café ', ' 12']);
  });

  it('leaves out words too short to give the trigram index anything', () => {
    // Alone and without neighbours "1a" pads to nothing; "x" followed by a space pads to "x ".
    expect(textPieces('1a')).toEqual([]);
    expect(textPieces('x y')).toEqual([' y']);
    expect(textPieces('%')).toEqual([]);
    expect(textPieces('')).toEqual([]);
  });

  it('gives substrings of the text only, each once, at most the cap', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '-', 'é', '😀') }), (t) => {
        const pieces = textPieces(t);
        for (const piece of pieces) expect(t.includes(piece)).toBe(true);
        expect(new Set(pieces).size).toBe(pieces.length);
        expect(pieces.length).toBeLessThanOrEqual(MAX_TEXT_PIECES);
      }),
    );
    expect(textPieces(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(
      MAX_TEXT_PIECES,
    );
  });
});

describe('lookupPieces', () => {
  it('looks up the rare pieces, rarest first, at most three', () => {
    const weighed = [
      { piece: 'company ', cards: 1000 },
      { piece: ' 1a', cards: 7 },
      { piece: ' 2b ', cards: 3 },
      { piece: ' 3c ', cards: 9 },
      { piece: ' 4d', cards: 0 },
    ];
    expect(lookupPieces(weighed, 10)).toEqual([' 4d', ' 2b ', ' 1a']);
  });

  it('falls back to the least frequent piece, or to none', () => {
    const weighed = [
      { piece: 'company ', cards: 1000 },
      { piece: ' f', cards: 120 },
    ];
    expect(lookupPieces(weighed, 10)).toEqual([' f']);
    expect(lookupPieces([], 10)).toEqual([]);
  });
});

describe('wordLookups', () => {
  it('gives each word that begins after another character, whole when one follows', () => {
    expect(wordLookups('company 1a')).toEqual([{ word: '1a', whole: false }]);
    expect(wordLookups('1a company 2b')).toEqual([
      { word: 'company', whole: true },
      { word: '2b', whole: false },
    ]);
    expect(wordLookups(' 3m')).toEqual([{ word: '3m', whole: false }]);
    expect(wordLookups("o'brien-smith")).toEqual([
      { word: 'brien', whole: true },
      { word: 'smith', whole: false },
    ]);
    // Letters beyond a–z and 0–9 split words, as they split a card's words.
    expect(wordLookups('müller')).toEqual([{ word: 'ller', whole: false }]);
    expect(wordLookups('1a2b')).toEqual([]);
    expect(wordLookups('')).toEqual([]);
  });
});

describe('rarestWord', () => {
  it('takes the least frequent word, the longest among equals', () => {
    const weighed = [
      { word: 'company', whole: true, cards: 1000 },
      { word: '2b', whole: false, cards: 4 },
      { word: '2bc', whole: true, cards: 4 },
    ];
    expect(rarestWord(weighed)).toEqual({ word: '2bc', whole: true });
    expect(rarestWord(weighed.slice(0, 1))).toEqual({ word: 'company', whole: true });
    expect(rarestWord([])).toBeUndefined();
  });
});
