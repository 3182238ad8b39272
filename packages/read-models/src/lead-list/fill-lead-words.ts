import { sql, type QueryExecutorProvider } from 'kysely';
import { SEARCH_WORD_SPLIT } from './lead-list-ddl.js';

/**
 * Fills the empty `lead_words` of `schema` from its cards that are not erased, with the pipeline
 * of each card's lead: the set-based build of a rebuilt version (its chunks left the words).
 */
export async function fillLeadWords(db: QueryExecutorProvider, schema: string): Promise<void> {
  await sql`
    INSERT INTO ${sql.id(schema, 'lead_words')} (word, lead_id, pipeline_id, search)
    SELECT DISTINCT w.word, c.lead_id, l.pipeline_id, c.search
    FROM ${sql.id(schema, 'lead_cards')} c
    JOIN ${sql.id(schema, 'leads')} l ON l.lead_id = c.lead_id,
      regexp_split_to_table(c.search, ${SEARCH_WORD_SPLIT}) AS w(word)
    WHERE c.erased_at IS NULL AND w.word <> ''
  `.execute(db);
}
