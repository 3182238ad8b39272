import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/**
 * Lead lists: `pg_trgm` (the trigram index behind the text search on name and company), and
 * for every existing read-model version the lead list's tables (`lead_cards`,
 * `lead_stage_visits`, `lead_counts`) and the `leads` indexes the list pages through — the
 * same shape `readModelDdl` gives new versions. Cards and visits are filled from the events
 * table (the events each version has applied: version ≤ its lead's), counts from `leads`.
 * Leads whose events are not in the events table keep no card (name and company read `null`)
 * until a rebuild. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  for (const schema of await readModelSchemasWith(db, 'leads')) {
    const s = (table: string) => sql.id(schema, table);
    await sql`
      CREATE TABLE IF NOT EXISTS ${s('lead_cards')} (
        lead_id text PRIMARY KEY,
        name text,
        company text,
        erased_at timestamptz,
        search text GENERATED ALWAYS AS
          (lower(coalesce(name, '') || ' ' || coalesce(company, ''))) STORED
      )
    `.execute(db);
    await sql`
      CREATE TABLE IF NOT EXISTS ${s('lead_stage_visits')} (
        lead_id text NOT NULL,
        seq int NOT NULL,
        stage text NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (lead_id, seq)
      )
    `.execute(db);
    await sql`
      CREATE TABLE IF NOT EXISTS ${s('lead_counts')} (
        pipeline_id text NOT NULL,
        stage text NOT NULL,
        status text NOT NULL,
        owner_id text NOT NULL,
        source text NOT NULL,
        currency text NOT NULL,
        n bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (pipeline_id, stage, status, owner_id, source, currency)
      )
    `.execute(db);
    await sql`
      INSERT INTO ${s('lead_cards')} (lead_id, name, company)
      SELECT e.lead_id, e.data->>'name', e.data->>'company'
      FROM events e JOIN ${s('leads')} l ON l.lead_id = e.lead_id
      WHERE e.type = 'LeadCreated'
      ON CONFLICT (lead_id) DO NOTHING
    `.execute(db);
    await sql`
      INSERT INTO ${s('lead_stage_visits')} (lead_id, seq, stage, entered_at)
      SELECT e.lead_id, e.version,
        CASE e.type
          WHEN 'LeadCreated' THEN e.data->>'stage'
          WHEN 'StageAdvanced' THEN e.data->>'toStage'
          WHEN 'DealWon' THEN 'won'
          ELSE 'lost'
        END,
        e.occurred_at
      FROM events e JOIN ${s('leads')} l ON l.lead_id = e.lead_id AND e.version <= l.version
      WHERE e.type IN ('LeadCreated', 'StageAdvanced', 'DealWon', 'DealLost')
      ON CONFLICT (lead_id, seq) DO NOTHING
    `.execute(db);
    await sql`TRUNCATE ${s('lead_counts')}`.execute(db);
    await sql`
      INSERT INTO ${s('lead_counts')} (pipeline_id, stage, status, owner_id, source, currency, n)
      SELECT pipeline_id, stage, status, owner_id, source, currency, count(*)
      FROM ${s('leads')} GROUP BY 1, 2, 3, 4, 5, 6
    `.execute(db);
    const index = (name: string, definition: string) =>
      sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)} ON ${sql.raw(`${schema}.${definition}`)}`;
    await index('lead_cards_search', 'lead_cards USING gin (search gin_trgm_ops)').execute(db);
    for (const [name, column] of [
      ['leads_list_activity', 'last_occurred_at'],
      ['leads_list_created', 'created_at'],
      ['leads_list_amount', 'amount'],
    ] as const) {
      await index(name, `leads (pipeline_id, ${column}, lead_id COLLATE "C")`).execute(db);
    }
    await index(
      'leads_list_stage',
      'leads (pipeline_id, stage, last_occurred_at, lead_id COLLATE "C")',
    ).execute(db);
  }
}
