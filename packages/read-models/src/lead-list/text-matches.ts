import { sql, type QueryExecutorProvider } from 'kysely';

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

/** At most this many three-letter pieces of a text are weighed against the sample. */
const MAX_PIECES = 24;

interface Sample {
  /** `q` lower-cased as the database does it. */
  lowered: string;
  /** Cards read (fewer than the sample size: every card). */
  read: number;
  /** The planner's count of cards. */
  estimate: number;
  /** The sampled cards that contain the text. */
  matched: string[];
  /** The part of the text between its first and last rare three-letter piece (else all). */
  piece: string;
}

/**
 * Weighs `q` against the first {@link TEXT_SAMPLE_CARDS} cards in storage order (a plain
 * bounded scan, never the trigram index, whose posting lists are as long as the text is
 * frequent), in one statement: which of them contain it, and the part of it from its first to
 * its last three-letter piece that is rare in the sample — the trigram index looks that part
 * up alone (any card holding the text holds it), so frequent pieces such as "com" never make
 * it read their long posting lists.
 */
async function sampleCards(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
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
        SELECT substr(t.lowered, min(i), max(i) + 3 - min(i)) FROM generate_series(
          1, length(t.lowered) - 2, greatest(1, (length(t.lowered) - 2) / ${MAX_PIECES})) i
        WHERE (SELECT count(*) FROM s WHERE strpos(s.search, substr(t.lowered, i, 3)) > 0)
          < ${FREQUENT_TEXT_SHARE}::float8 * (SELECT count(*) FROM s)
        HAVING count(*) > 0
      ), t.lowered) AS piece
    FROM t
  `.execute(db);
  const sample = rows[0];
  if (sample === undefined) throw new Error('the text sample answered no row');
  return sample;
}

/**
 * Looks `q` up in the cards of `schema`. A text frequent in a sample of the cards goes
 * straight to `many`; otherwise one statement by the trigram index (on the rare part of the
 * text) that stops after `few` + 1 rows decides (tests pass a small `few` and `sampleSize`).
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
  const sample = await sampleCards(db, schema, q, size);
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
  // The index finds the cards holding the rare part; each is then tested for the whole text.
  const { rows } = await sql<{ lead_id: string }>`
    SELECT lead_id FROM ${sql.id(schema, 'lead_cards')}
    WHERE search LIKE ${textPattern(sample.piece)}
      AND (search || '') LIKE ${textPattern(sample.lowered)}
    LIMIT ${few + 1}
  `.execute(db);
  const ids = rows.map((r) => r.lead_id);
  return ids.length > few ? { kind: 'many', sample: ids } : { kind: 'few', ids };
}
