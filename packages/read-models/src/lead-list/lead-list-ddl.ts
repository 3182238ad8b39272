/**
 * The lead list's tables in read-model schema `schema` (idempotent), beside `leads`:
 *
 * - `lead_cards`: who a lead is (name, company), kept apart from the fold's `leads` row so the
 *   fold never carries personal data. `erased_at` is set, and name and company cleared, when a
 *   lead's personal data is erased; `search` is the lower-cased text `q` matches (trigram index).
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
 * pipeline board's column).
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
    `CREATE INDEX IF NOT EXISTS leads_list_activity ON ${s}.leads (pipeline_id, last_occurred_at, lead_id COLLATE "C")`,
    `CREATE INDEX IF NOT EXISTS leads_list_created ON ${s}.leads (pipeline_id, created_at, lead_id COLLATE "C")`,
    `CREATE INDEX IF NOT EXISTS leads_list_amount ON ${s}.leads (pipeline_id, amount, lead_id COLLATE "C")`,
    // A board column: one stage, most recent activity first.
    `CREATE INDEX IF NOT EXISTS leads_list_stage ON ${s}.leads (pipeline_id, stage, last_occurred_at, lead_id COLLATE "C")`,
  ];
}
