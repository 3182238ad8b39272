import { sql, type QueryExecutorProvider } from 'kysely';

/** A text search that few cards match is answered from those cards: at most this many. */
export const FEW_TEXT_MATCHES = 2000;

/**
 * The cards a text search matches: all of them when they are few (`few`: the list reads just
 * those leads, and counts them exactly), else a sample of more than {@link FEW_TEXT_MATCHES}
 * (`many`: the list walks its sort index and tests each lead's card, which is quick exactly
 * because matches are frequent; the sample gives the total a lower bound).
 */
export type TextMatches = { kind: 'few'; ids: string[] } | { kind: 'many'; sample: string[] };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** The `LIKE` pattern of `q` (matched against the lower-cased `search` column). */
export const textPattern = (q: string) => `%${escapeLike(q)}%`;

/**
 * Looks `q` up in the cards of `schema`: one statement that stops after FEW_TEXT_MATCHES + 1
 * rows (`few`: tests pass a small one), by the trigram index when the text is rare and by a short scan when it is common.
 */
export async function textMatches(
  db: QueryExecutorProvider,
  schema: string,
  q: string,
  few = FEW_TEXT_MATCHES,
): Promise<TextMatches> {
  const { rows } = await sql<{ lead_id: string }>`
    SELECT lead_id FROM ${sql.id(schema, 'lead_cards')}
    WHERE search LIKE lower(${textPattern(q)})
    LIMIT ${few + 1}
  `.execute(db);
  const ids = rows.map((r) => r.lead_id);
  return ids.length > few ? { kind: 'many', sample: ids } : { kind: 'few', ids };
}
