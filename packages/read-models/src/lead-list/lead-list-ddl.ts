/** Every column a list filters on: carried by each sort index. */
export const LEAD_LIST_FILTER_COLUMNS = [
  'stage',
  'status',
  'owner_id',
  'source',
  'currency',
  'amount',
  'created_at',
  'last_occurred_at',
] as const;

/** The covering index a list sorted by `key` walks: `leads_list_<key>_cover`. */
const sortIndex = (s: string, key: (typeof LEAD_LIST_FILTER_COLUMNS)[number]) =>
  `CREATE INDEX IF NOT EXISTS leads_list_${key}_cover ON ${s}.leads (pipeline_id, ${key}, lead_id COLLATE "C") INCLUDE (${LEAD_LIST_FILTER_COLUMNS.filter((c) => c !== key).join(', ')})`;

/** `lead_words` of `schema` (idempotent; migration 0018 gives older versions the same shape). */
function leadWordsDdl(s: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.lead_words (
      pipeline_id text NOT NULL,
      word text COLLATE "C" NOT NULL,
      lead_id text NOT NULL,
      search text NOT NULL,
      PRIMARY KEY (word, lead_id) INCLUDE (pipeline_id, search)
    )`,
    // Insert-only but for erasures: vacuumed often enough that its scans stay index-only.
    `ALTER TABLE ${s}.lead_words SET (autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`,
  ];
}

/** The words of a `search` text in SQL, as `lead_words` keeps them (see {@link leadWordsDdl}). */
export const SEARCH_WORD_SPLIT = '[^a-z0-9]+';

/**
 * The lead list's tables in read-model schema `schema` (idempotent), beside `leads`:
 *
 * - `lead_cards`: who a lead is (name, company), kept apart from the fold's `leads` row so the
 *   fold never carries personal data. `erased_at` is set, and name and company cleared, when a
 *   lead's personal data is erased; `search` is the lower-cased text `q` matches (trigram index).
 * - `lead_words`: each word of a card's `search` (a run of `a`–`z` and `0`–`9`; every other
 *   character splits), keyed by the word in byte order and the lead, carrying the lead's
 *   pipeline and its whole `search` (`INCLUDE`). A text search holding a word that begins after another character
 *   reads the range of words with that beginning and tests the whole text on the index entries
 *   alone (an index-only scan): a few thousand sequential entries instead of as many random
 *   card rows. Written with the card, deleted with an erasure.
 * - `lead_stage_visits`: one row per visit of a stage, keyed by the lead and `seq`, the lead
 *   version whose event began the visit (increasing per lead, not dense). Insert-only: a visit
 *   ends when the next one begins, so `left_at` is read as the next visit's `entered_at`, and a
 *   move back or a reopening is just one more visit.
 * - `lead_counts`: leads per (pipeline, stage, status, owner, source, currency), moved by ±1
 *   deltas as leads change, so totals of lists filtered on those alone are exact and read a few
 *   hundred rows, whatever the number of leads.
 *
 * And the `leads` indexes the list pages through: one per sort key, ending in `lead_id` (byte
 * order) so a page boundary is one index position, and one for a stage by last activity (the
 * pipeline board's column). The sort indexes carry every filtered column (`INCLUDE`), so a
 * page finds its 50 leads by testing index entries alone (an index-only scan) and reads just
 * those 50 rows; autovacuum follows the table closely to keep that visibility map current.
 */
export function leadListDdl(schema: string): string[] {
  const s = schema;
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.lead_cards (
      lead_id text PRIMARY KEY,
      name text,
      company text,
      erased_at timestamptz,
      search text GENERATED ALWAYS AS (lower(coalesce(name, '') || ' ' || coalesce(company, ''))) STORED
    )`,
    `CREATE INDEX IF NOT EXISTS lead_cards_search ON ${s}.lead_cards USING gin (search gin_trgm_ops)`,
    ...leadWordsDdl(s),
    `CREATE TABLE IF NOT EXISTS ${s}.lead_stage_visits (
      lead_id text NOT NULL,
      seq int NOT NULL,
      stage text NOT NULL,
      entered_at timestamptz NOT NULL,
      PRIMARY KEY (lead_id, seq)
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.lead_counts (
      pipeline_id text NOT NULL,
      stage text NOT NULL,
      status text NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      currency text NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (pipeline_id, stage, status, owner_id, source, currency)
    )`,
    ...(['last_occurred_at', 'created_at', 'amount'] as const).map((key) => sortIndex(s, key)),
    `ALTER TABLE ${s}.leads SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`,
    // A board column: one stage, most recent activity first.
    `CREATE INDEX IF NOT EXISTS leads_list_stage ON ${s}.leads (pipeline_id, stage, last_occurred_at, lead_id COLLATE "C")`,
  ];
}
