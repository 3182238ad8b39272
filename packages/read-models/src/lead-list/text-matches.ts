import { sql, type QueryExecutorProvider } from 'kysely';
import { lookupPieces, textPieces } from './text-pieces.js';

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
 * - `many`: the list walks its sort index and tests each lead's card, stopping at a page —
 *   quick exactly because matches are frequent. `sample` holds matching cards found on the way
 *   (a lower bound for the total).
 */
export type TextMatches = { kind: 'few'; ids: string[] } | { kind: 'many'; sample: string[] };

/**
 * `estimate` (default) decides by a sample of the cards; `walk` and `index` force one way (the
 * index way still turns to the walk when it finds more than `few` matches).
 */
export type TextPlan = 'estimate' | 'walk' | 'index';

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
  size: number,
): Promise<Sample> {
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
      coalesce((
        SELECT array_agg(CASE WHEN strpos(t.lowered, p) = 0 THEN -1 ELSE
          (SELECT count(*)::int FROM s WHERE strpos(s.search, p) > 0) END ORDER BY o)
        FROM unnest(${[...pieces]}::text[]) WITH ORDINALITY u(p, o)
      ), '{}') AS "pieceCards"
    FROM t
  `.execute(db);
  const sample = rows[0];
  if (sample === undefined) throw new Error('the text sample answered no row');
  return sample;
}

/**
 * Looks `q` up in the cards of `schema`. A text frequent in a sample of the cards goes
 * straight to `many`; otherwise one statement by the trigram index (on the text's rare pieces,
 * see {@link textPieces} and {@link lookupPieces}) that stops after `few` + 1 rows decides
 * (tests pass a small `few` and `sampleSize`).
 */
export async function textMatches(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
  options: {
    few?: number | undefined;
    plan?: TextPlan | undefined;
    sampleSize?: number | undefined;
  } = {},
): Promise<TextMatches> {
  const few = options.few ?? FEW_TEXT_MATCHES;
  const plan = options.plan ?? 'estimate';
  const size = options.sampleSize ?? TEXT_SAMPLE_CARDS;
  const pieces = textPieces(q.toLowerCase());
  const sample = await sampleCards(db, schema, q, pieces, size);
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
