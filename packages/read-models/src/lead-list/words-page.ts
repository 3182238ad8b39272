import { sql, type RawBuilder } from 'kysely';

/** A text that its words found this many times or more walks the sort index for its page. */
export const WORDS_WALK_FROM = 1000;

/** The most sort-index entries such a walk reads before the page probes the matches instead. */
export const WORDS_WALK_BOUND = 40_000;

/** What {@link wordsPageIds} builds a page from. */
export interface WordsPage {
  leads: RawBuilder<unknown>;
  /** The list's conditions and page position, without the text. */
  where: RawBuilder<unknown>[];
  column: RawBuilder<unknown>;
  dir: RawBuilder<unknown>;
  limit: number;
  /** How many leads `text_matches` (the statement's `WITH`) holds. */
  found: RawBuilder<unknown>;
  walkFrom: number;
  bound: number;
}

/**
 * The ids of a page of the leads in `text_matches` (found by their words), `limit` of them in
 * the list's order, with `hit` true, one of two ways chosen inside the statement by how many
 * matched (the other branch is never run):
 * - at least `walkFrom`: the sort index is walked from the page's position and each entry is
 *   tested against the matches, hashed in memory (a few index entries per match: 19 300 for a
 *   page of 1 841 matches among 667 k leads, ~3 ms, where probing every match costs ~6 ms). At
 *   most `bound` entries are read, so matches gathered at the far end of the order cannot make
 *   it long. A walk that found fewer than `limit` ids looks up the `bound`-th entry from the
 *   position: when there is one, the walk was cut short and it comes as a row with `hit`
 *   false, and the page is answered again by probing. Otherwise the walk read to the end of
 *   the list, so its page is whole (the list's last page), with no second statement.
 * - fewer: each match is probed by its key (`leads_pkey`) and the matches are sorted.
 */
export function wordsPageIds(p: WordsPage): RawBuilder<unknown> {
  const where = sql.join(p.where, sql` AND `);
  const walkFrom = Number.isFinite(p.walkFrom) ? p.walkFrom : 2 ** 31;
  const order = sql`ORDER BY ${p.column} ${p.dir}, l.lead_id COLLATE "C" ${p.dir}`;
  // CASE keeps the test a hashed subplan: as a plain IN the planner would make it a join.
  return sql`
    (WITH walk AS MATERIALIZED (
      SELECT w.lead_id FROM (
        SELECT l.lead_id, ${p.column} AS k,
          CASE WHEN l.lead_id IN (SELECT lead_id FROM text_matches) THEN true ELSE false END AS hit
        FROM ${p.leads} l WHERE ${where}
        ${order}
        LIMIT ${p.bound}
      ) w
      WHERE w.hit AND ${p.found} >= ${walkFrom}
      ORDER BY w.k ${p.dir}, w.lead_id COLLATE "C" ${p.dir}
      LIMIT ${p.limit}
    )
    SELECT lead_id, true AS hit FROM walk
    UNION ALL
    (SELECT l.lead_id, false FROM ${p.leads} l
    WHERE ${where} AND ${p.found} >= ${walkFrom} AND (SELECT count(*) FROM walk) < ${p.limit}
    ${order}
    OFFSET ${p.bound - 1} LIMIT 1)
    UNION ALL
    (SELECT l.lead_id, true FROM ${p.leads} l
    WHERE ${where} AND l.lead_id = ANY(ARRAY(SELECT lead_id FROM text_matches))
      AND ${p.found} < ${walkFrom}
    ${order}
    LIMIT ${p.limit}))
  `;
}
