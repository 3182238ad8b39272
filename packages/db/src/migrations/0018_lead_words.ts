import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/**
 * Text search by word beginnings: every read-model version with lead cards gets `lead_words`,
 * one row per word of a card's `search` text (a run of `a`–`z` and `0`–`9`), keyed by the word
 * in byte order and the lead, carrying the lead's pipeline and the whole text, as `leadListDdl`
 * gives new versions. Filled from the cards that are not erased, with the pipeline of their
 * `leads` row; the key is built after the fill. Reads every card once: on a large version this
 * takes a while and holds the version's card writes back (the projector waits, nothing is lost).
 * Idempotent: a version that has the table is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const have = new Set(await readModelSchemasWith(db, 'lead_words'));
  for (const schema of await readModelSchemasWith(db, 'lead_cards')) {
    if (have.has(schema)) continue;
    const words = sql.id(schema, 'lead_words');
    await sql`
      CREATE TABLE ${words} (
        pipeline_id text NOT NULL,
        word text COLLATE "C" NOT NULL,
        lead_id text NOT NULL,
        search text NOT NULL
      )
    `.execute(db);
    await sql`
      INSERT INTO ${words} (word, lead_id, pipeline_id, search)
      SELECT DISTINCT w.word, c.lead_id, l.pipeline_id, c.search
      FROM ${sql.id(schema, 'lead_cards')} c
      JOIN ${sql.id(schema, 'leads')} l ON l.lead_id = c.lead_id,
        regexp_split_to_table(c.search, '[^a-z0-9]+') AS w(word)
      WHERE c.erased_at IS NULL AND w.word <> ''
    `.execute(db);
    await sql`ALTER TABLE ${words} ADD PRIMARY KEY (word, lead_id) INCLUDE (pipeline_id, search)`.execute(
      db,
    );
    await sql`
      ALTER TABLE ${words} SET (
        autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)
    `.execute(db);
    await sql`ANALYZE ${words}`.execute(db);
  }
}
