import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import {
  lookupPieces,
  rarestWord,
  textPieces,
  wordLookups,
  type WordLookup,
} from './text-pieces.js';
import { WORDS_WALK_FROM } from './words-page.js';

/** A text search that few cards match is answered from those cards: at most this many. */
export const FEW_TEXT_MATCHES = 5000;

/** How many cards (in storage order) the frequency estimate of a text reads. */
export const TEXT_SAMPLE_CARDS = 1000;

/** A text found in at least this share of the sampled cards is frequent. */
export const FREQUENT_TEXT_SHARE = 0.01;

/**
 * How a text search is answered:
 * - `few`: every matching card, looked up by the trigram index (the list reads just those
 *   leads and counts them exactly);
 * - `words`: the statement (`matches`, for a `WITH`) that finds, by `lead_words`, the list
 *   pipeline's matching leads, at most `few` + 1 of them: the list's statement runs it, so the
 *   ids never leave the database, and its count is the total of a list filtered on the text
 *   alone. More than `few` turn the list to the walk, with the sample's matches;
 * - `many`: the list walks its sort index and tests each lead's card, stopping at a page —
 *   quick exactly because matches are frequent. `sample` holds matching cards found on the way
 *   (a lower bound for the total).
 */
export type TextMatches =
  | { kind: 'few'; ids: string[] }
  | { kind: 'many'; sample: string[] }
  | {
      kind: 'words';
      matches: RawBuilder<unknown>;
      few: number;
      sample: string[];
      /** From this many matches the page walks the sort index (`words-page.ts`). */
      walkFrom: number;
    };

/**
 * `estimate` (default) decides by a sample of the cards; `walk` and `index` force one way (the
 * index way still turns to the walk when it finds more than `few` matches); `trigram` is the
 * index way by the trigram index even when the words could answer.
 */
export type TextPlan = 'estimate' | 'walk' | 'index' | 'trigram';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** The `LIKE` pattern of `q` (matched against the lower-cased `search` column). */
export const textPattern = (q: string) => `%${escapeLike(q)}%`;

interface Sample {
  /** `q` lower-cased as the database does it. */
  lowered: string;
  /** Cards read (fewer than the sample size: every card). */
  read: number;
  /** The planner's count of cards. */
  estimate: number;
  /** The sampled cards that contain the text. */
  matched: string[];
  /** Per piece of {@link textPieces} (in order): the sampled cards holding it, -1 when the
   * database lower-cases the text so that it is no part of it. */
  pieceCards: number[];
  /** The same per word of {@link wordLookups}. */
  wordCards: number[];
}

/**
 * Weighs `q` and its pieces (`pieces`, from {@link textPieces}) against the first
 * {@link TEXT_SAMPLE_CARDS} cards in storage order, in one statement: which of them contain the
 * text, and how many hold each piece. A plain bounded scan, never the trigram index, whose
 * posting lists are as long as the text is frequent.
 */
async function sampleCards(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
  pieces: readonly string[],
  words: readonly string[],
  size: number,
): Promise<Sample> {
  const weigh = (parts: readonly string[]) => sql`coalesce((
    SELECT array_agg(CASE WHEN strpos(t.lowered, p) = 0 THEN -1 ELSE
      (SELECT count(*)::int FROM s WHERE strpos(s.search, p) > 0) END ORDER BY o)
    FROM unnest(${[...parts]}::text[]) WITH ORDINALITY u(p, o)
  ), '{}')`;
  const { rows } = await sql<Sample>`
    WITH s AS MATERIALIZED (
      SELECT lead_id, search FROM ${sql.id(schema, 'lead_cards')} LIMIT ${size}
    ), t AS (SELECT lower(${q}) AS lowered)
    SELECT t.lowered,
      (SELECT count(*)::int FROM s) AS read,
      (SELECT greatest(reltuples, 0)::float8 FROM pg_class
        WHERE oid = ${`${schema}.lead_cards`}::regclass) AS estimate,
      coalesce((SELECT array_agg(lead_id) FROM s WHERE strpos(s.search, t.lowered) > 0), '{}')
        AS matched,
      ${weigh(pieces)} AS "pieceCards", ${weigh(words)} AS "wordCards"
    FROM t
  `.execute(db);
  const sample = rows[0];
  if (sample === undefined) throw new Error('the text sample answered no row');
  return sample;
}

/** The word `lead_words` should look up for a text: the rarest in the sample. */
function chosenWord(sample: Sample, words: readonly WordLookup[]): WordLookup | undefined {
  // Words taken from the database's lower-casing of the text, weighed where the sample did.
  const asStored = wordLookups(sample.lowered);
  const weighed = words.flatMap((w, i) => {
    const cards = sample.wordCards[i] ?? -1;
    const stored = asStored.some((s) => s.word === w.word && s.whole === w.whole);
    return cards < 0 || !stored ? [] : [{ ...w, cards }];
  });
  return rarestWord(weighed);
}

/**
 * The leads of `pipelineId` whose card holds the text, by the range of `lead_words` entries
 * beginning with `lookup.word` (that very word when `whole`), tested for the whole text on the
 * entries themselves: an index-only scan, stopping after `limit` leads.
 */
function byWords(
  schema: string,
  pipelineId: string,
  lowered: string,
  lookup: WordLookup,
  limit: number,
): RawBuilder<unknown> {
  const range = lookup.whole
    ? sql`word = ${lookup.word}`
    : sql`word >= ${lookup.word} AND word < ${`${lookup.word}\u{10FFFF}`}`;
  return sql`
    SELECT DISTINCT lead_id FROM ${sql.id(schema, 'lead_words')}
    WHERE ${range} AND pipeline_id = ${pipelineId} AND strpos(search, ${lowered}) > 0
    LIMIT ${limit}
  `;
}

/**
 * Looks `q` up in the cards of `schema` for a list of `pipelineId`. A text frequent in a sample
 * of the cards goes straight to `many`. A text with a word that begins after another of its
 * characters ({@link wordLookups}; the rarest in the sample) is left to `lead_words`, in the
 * list's own statement (`words`). Otherwise one statement by the trigram index on the text's
 * rare pieces ({@link textPieces}, {@link lookupPieces}), stopping after `few` + 1 rows,
 * decides. Tests pass a small `few` and `sampleSize`.
 */
export async function textMatches(
  db: QueryExecutorProvider,
  schema: string,
  pipelineId: string,
  q: string,
  options: {
    few?: number | undefined;
    plan?: TextPlan | undefined;
    sampleSize?: number | undefined;
    walkFrom?: number | undefined;
  } = {},
): Promise<TextMatches> {
  const few = options.few ?? FEW_TEXT_MATCHES;
  const plan = options.plan ?? 'estimate';
  const size = options.sampleSize ?? TEXT_SAMPLE_CARDS;
  const lowered = q.toLowerCase();
  const pieces = textPieces(lowered);
  const words = wordLookups(lowered);
  const sample = await sampleCards(
    db,
    schema,
    q,
    pieces,
    words.map((w) => w.word),
    size,
  );
  const { matched } = sample;
  if (plan === 'walk') return { kind: 'many', sample: matched };
  if (plan === 'estimate') {
    // The sample is every card: its matches are all the matches.
    if (sample.read < size && matched.length <= few) {
      return { kind: 'few', ids: matched };
    }
    const share = matched.length / Math.max(1, sample.read);
    const cards = Math.max(sample.read, sample.estimate);
    if (share >= FREQUENT_TEXT_SHARE && share * cards > few) {
      return { kind: 'many', sample: matched };
    }
  }
  const word = plan === 'trigram' ? undefined : chosenWord(sample, words);
  if (word !== undefined) {
    const matches = byWords(schema, pipelineId, sample.lowered, word, few + 1);
    const walkFrom = options.walkFrom ?? WORDS_WALK_FROM;
    return { kind: 'words', matches, few, sample: matched, walkFrom };
  }
  // The index reads the short posting lists of the rare pieces alone; each card it finds is
  // then tested for the whole text, a test the index cannot serve (so it never intersects the
  // long lists of a word every card holds, such as "company").
  const weighed = pieces.flatMap((piece, i) => {
    const cards = sample.pieceCards[i] ?? -1;
    return cards < 0 ? [] : [{ piece, cards }];
  });
  const looked = lookupPieces(weighed, FREQUENT_TEXT_SHARE * Math.max(1, sample.read));
  const indexed = (looked.length > 0 ? looked : [sample.lowered]).map(
    (piece) => sql`search LIKE ${textPattern(piece)}`,
  );
  const { rows } = await sql<{ lead_id: string }>`
    SELECT lead_id FROM ${sql.id(schema, 'lead_cards')}
    WHERE ${sql.join(indexed, sql` AND `)} AND strpos(search, ${sample.lowered}) > 0
    LIMIT ${few + 1}
  `.execute(db);
  const ids = rows.map((r) => r.lead_id);
  return ids.length > few ? { kind: 'many', sample: ids } : { kind: 'few', ids };
}
