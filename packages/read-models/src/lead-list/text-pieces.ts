/** A letter or a digit: what the trigram index (pg_trgm) keeps of a text; the rest splits words. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** At most this many pieces of a text are weighed against the card sample. */
export const MAX_TEXT_PIECES = 24;

/**
 * The pieces of a (lower-cased) search text the trigram index can look up on their own: each
 * word (a run of letters and digits) with the character just before and just after it when
 * the text has one there. Those neighbours tell the index that a word starts or ends at that
 * point (" 1a" is a word beginning with "1a", far rarer than "1a" anywhere). The index pads a
 * word that starts with two spaces and one that ends with one, then reads its three-letter
 * pieces: a word too short to give one (the text "ab" alone, an "a" at the start followed by
 * a space) gives the index nothing to look up and is left out. Every piece is a substring of
 * `text`: a card holding the text holds each piece, so looking up any of them (and testing the
 * whole text after) finds every match.
 *
 * @example textPieces('company 1a') // ['company ', ' 1a']
 */
export function textPieces(text: string): string[] {
  const chars = Array.from(text);
  const pieces = new Set<string>();
  let i = 0;
  while (i < chars.length && pieces.size < MAX_TEXT_PIECES) {
    if (!WORD_CHAR.test(chars[i] ?? '')) {
      i++;
      continue;
    }
    let end = i;
    while (end < chars.length && WORD_CHAR.test(chars[end] ?? '')) end++;
    const from = Math.max(0, i - 1);
    const to = Math.min(chars.length, end + 1);
    const padded = (from < i ? 2 : 0) + (end - i) + (to > end ? 1 : 0);
    if (padded >= 3) pieces.add(chars.slice(from, to).join(''));
    i = end;
  }
  return [...pieces];
}

/** A piece with the number of sampled cards holding it. */
export interface WeighedPiece {
  piece: string;
  cards: number;
}

/** The index looks up at most this many rare pieces together. */
const MAX_LOOKED_UP = 3;

/**
 * The pieces the trigram index should look up: the rare ones (held by fewer than `rareBelow`
 * sampled cards), rarest first, at most three; when none is rare, the least frequent one alone
 * (still far fewer index entries than the whole text, whose every word the index would
 * intersect); none when there is no piece (the whole text is looked up then).
 */
export function lookupPieces(weighed: readonly WeighedPiece[], rareBelow: number): string[] {
  const sorted = [...weighed].sort((a, b) => a.cards - b.cards);
  const rare = sorted.filter((p) => p.cards < rareBelow).slice(0, MAX_LOOKED_UP);
  if (rare.length > 0) return rare.map((p) => p.piece);
  const least = sorted[0];
  return least === undefined ? [] : [least.piece];
}

/** A word of a search text that `lead_words` can look up (see {@link wordLookups}). */
export interface WordLookup {
  word: string;
  /** Another character follows it in the text: a matching card holds this very word. */
  whole: boolean;
}

/**
 * The words of a (database-lower-cased) search text, as `lead_words` splits a card's text (runs
 * of `a`–`z` and `0`–`9`), that begin after another character of the text. A card holding the
 * text has a word beginning with each of them there (the word itself when another character
 * follows it too), so the range of `lead_words` entries beginning so holds every match. The
 * first word is left out: the text may begin inside a card's word.
 *
 * @example wordLookups('company 1a') // [{ word: '1a', whole: false }]
 */
export function wordLookups(text: string): WordLookup[] {
  const found: WordLookup[] = [];
  for (const m of text.matchAll(/[a-z0-9]+/g)) {
    if (m.index === 0) continue;
    found.push({ word: m[0], whole: m.index + m[0].length < text.length });
  }
  return found;
}

/**
 * The word to look up among `weighed` (each with the sampled cards holding it anywhere, an upper
 * bound of the cards it begins a word of): the least frequent, the longest among equals.
 */
export function rarestWord(
  weighed: readonly (WordLookup & { cards: number })[],
): WordLookup | undefined {
  const sorted = [...weighed].sort((a, b) => a.cards - b.cards || b.word.length - a.word.length);
  const best = sorted[0];
  return best === undefined ? undefined : { word: best.word, whole: best.whole };
}
