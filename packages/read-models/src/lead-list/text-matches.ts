import { sql, type QueryExecutorProvider } from 'kysely';

/** A text search that few cards match is answered from those cards: at most this many. */
export const FEW_TEXT_MATCHES = 5000;

/** How many cards (in storage order) the frequency estimate of a text reads. */
export const TEXT_SAMPLE_CARDS = 2000;

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

/**
 * The first {@link TEXT_SAMPLE_CARDS} cards in storage order (a plain bounded scan, never the
 * trigram index, whose posting lists are as long as the text is frequent) and `q` lower-cased
 * as the database does it.
 */
async function sampleCards(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
): Promise<{ lowered: string; cards: { lead_id: string; search: string }[]; rows: number }> {
  const table = sql.id(schema, 'lead_cards');
  const { rows } = await sql<{
    lead_id: string | null;
    search: string | null;
    lowered: string;
    estimate: number;
  }>`
    SELECT s.lead_id, s.search, lower(${q}) AS lowered,
      (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = ${`${schema}.lead_cards`}::regclass) AS estimate
    FROM (SELECT 1) one
    LEFT JOIN (
      SELECT lead_id, search FROM ${table} LIMIT ${TEXT_SAMPLE_CARDS}
    ) s ON true
  `.execute(db);
  const cards = rows.flatMap((r) =>
    r.lead_id === null || r.search === null ? [] : [{ lead_id: r.lead_id, search: r.search }],
  );
  return {
    lowered: rows[0]?.lowered ?? q.toLowerCase(),
    cards,
    rows: Math.max(cards.length, rows[0]?.estimate ?? 0),
  };
}

/**
 * The three-letter piece of `lowered` that the fewest sampled cards contain: the trigram index
 * looks it up alone (any card holding `lowered` holds it), so frequent pieces such as "com"
 * never make the index read their long posting lists.
 */
function rarestPiece(lowered: string, searches: readonly string[]): string {
  let best = lowered;
  let fewest = Infinity;
  for (let i = 0; i + 3 <= lowered.length; i++) {
    const piece = lowered.slice(i, i + 3);
    const hits = searches.reduce((n, text) => (text.includes(piece) ? n + 1 : n), 0);
    if (hits < fewest) [best, fewest] = [piece, hits];
  }
  return best;
}

/**
 * Looks `q` up in the cards of `schema`. A text frequent in a sample of the cards goes
 * straight to `many`; otherwise one statement by the trigram index (on the rarest piece of the
 * text) that stops after `few` + 1 rows decides (`few`: tests pass a small one).
 */
export async function textMatches(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
  options: { few?: number | undefined; plan?: TextPlan | undefined } = {},
): Promise<TextMatches> {
  const few = options.few ?? FEW_TEXT_MATCHES;
  const plan = options.plan ?? 'estimate';
  const { lowered, cards, rows: estimate } = await sampleCards(db, schema, q);
  const searches = cards.map((c) => c.search);
  const matched = cards.filter((c) => c.search.includes(lowered)).map((c) => c.lead_id);
  if (plan === 'walk') return { kind: 'many', sample: matched };
  if (plan === 'estimate') {
    // The sample is every card: its matches are all the matches.
    if (cards.length < TEXT_SAMPLE_CARDS && matched.length <= few) {
      return { kind: 'few', ids: matched };
    }
    const share = matched.length / Math.max(1, cards.length);
    if (share >= FREQUENT_TEXT_SHARE && share * estimate > FEW_TEXT_MATCHES) {
      return { kind: 'many', sample: matched };
    }
  }
  // The index finds the cards holding the rarest piece; each is then tested for the whole text.
  const { rows } = await sql<{ lead_id: string }>`
    SELECT lead_id FROM ${sql.id(schema, 'lead_cards')}
    WHERE search LIKE ${textPattern(rarestPiece(lowered, searches))}
      AND (search || '') LIKE ${textPattern(lowered)}
    LIMIT ${few + 1}
  `.execute(db);
  const ids = rows.map((r) => r.lead_id);
  return ids.length > few ? { kind: 'many', sample: ids } : { kind: 'few', ids };
}
