import { sql, type QueryExecutorProvider } from 'kysely';

/** A text search that few cards match is answered from those cards: at most this many. */
export const FEW_TEXT_MATCHES = 2000;

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
 * The matching cards among the first {@link TEXT_SAMPLE_CARDS} in storage order: a plain
 * bounded scan, never the trigram index (whose posting lists are as long as the text is
 * frequent — the very case the estimate is there to avoid).
 */
async function sampledMatches(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
): Promise<{ read: number; ids: string[] }> {
  const { rows } = await sql<{ lead_id: string; hit: boolean }>`
    SELECT lead_id, search LIKE lower(${textPattern(q)}) AS hit
    FROM (SELECT lead_id, search FROM ${sql.id(schema, 'lead_cards')} LIMIT ${TEXT_SAMPLE_CARDS}) s
  `.execute(db);
  return { read: rows.length, ids: rows.filter((r) => r.hit).map((r) => r.lead_id) };
}

/**
 * Looks `q` up in the cards of `schema`. A text frequent in a sample of the cards goes
 * straight to `many`; otherwise one statement by the trigram index that stops after `few` + 1
 * rows decides (`few`: tests pass a small one).
 */
export async function textMatches(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
  options: { few?: number | undefined; plan?: TextPlan | undefined } = {},
): Promise<TextMatches> {
  const few = options.few ?? FEW_TEXT_MATCHES;
  const plan = options.plan ?? 'estimate';
  if (plan !== 'index') {
    const sample = await sampledMatches(db, schema, q);
    const frequent = sample.ids.length >= Math.max(1, sample.read * FREQUENT_TEXT_SHARE);
    if (plan === 'walk' || frequent) return { kind: 'many', sample: sample.ids };
  }
  const { rows } = await sql<{ lead_id: string }>`
    SELECT lead_id FROM ${sql.id(schema, 'lead_cards')}
    WHERE search LIKE lower(${textPattern(q)})
    LIMIT ${few + 1}
  `.execute(db);
  const ids = rows.map((r) => r.lead_id);
  return ids.length > few ? { kind: 'many', sample: ids } : { kind: 'few', ids };
}
