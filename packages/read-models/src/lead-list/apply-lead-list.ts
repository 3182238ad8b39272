import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { dailyTablesDeferred } from '../deferred-daily-tables.js';
import { pgArrayLiteral } from '../pg-array-literal.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { SEARCH_WORD_SPLIT } from './lead-list-ddl.js';
import { leadListWrites, type CountDelta, type LeadListBatch } from './lead-list-writes.js';

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareCounts(a: CountDelta, b: CountDelta): number {
  return (
    compareStrings(a.pipelineId, b.pipelineId) ||
    compareStrings(a.stage, b.stage) ||
    compareStrings(a.status, b.status) ||
    compareStrings(a.ownerId, b.ownerId) ||
    compareStrings(a.source, b.source) ||
    compareStrings(a.currency, b.currency)
  );
}

/**
 * Writes one chunk's lead-list rows into read-model `version`, set-based (one statement,
 * whatever the chunk size, with a data-modifying `WITH` part per table; erasures apart): new
 * cards and visits inserted from `unnest` arrays (a row
 * already there is kept, so a chunk seen twice changes nothing), erased cards cleared (name
 * and company `NULL`, `erased_at` set — in every version, so no retired one keeps the name),
 * count deltas added. Keys are
 * sorted, so concurrent writers lock count cells in one order. With `deferrable` (a rebuild's
 * writer), a version whose daily tables wait for their build leaves `lead_words` to it too.
 *
 * Run it in the transaction that applies the same chunk with `applyFunnelBatch`, with the
 * stored leads, events and fold result that call used.
 *
 * @example await applyLeadListBatch(trx, version, { stored: leads, events, folded });
 */
export async function applyLeadListBatch(
  db: QueryExecutorProvider,
  version: number,
  batch: LeadListBatch,
  opts: { deferrable?: boolean } = {},
): Promise<void> {
  const schema = readModelSchemaName(version);
  const { cards, erasures, visits, counts } = leadListWrites(batch);
  // The inserts go as the data-modifying WITH parts of one statement (one round trip).
  const parts: RawBuilder<unknown>[] = [];
  if (cards.length > 0) {
    cards.sort((a, b) => compareStrings(a.leadId, b.leadId));
    parts.push(sql`c AS (
      SELECT * FROM unnest(
        ${pgArrayLiteral(cards.map((c) => c.leadId))}::text[],
        ${pgArrayLiteral(cards.map((c) => c.pipelineId))}::text[],
        ${pgArrayLiteral(cards.map((c) => c.name))}::text[],
        ${pgArrayLiteral(cards.map((c) => c.company))}::text[]
      ) AS c(lead_id, pipeline_id, name, company))`);
    parts.push(sql`inserted AS (
      INSERT INTO ${sql.id(schema, 'lead_cards')} (lead_id, name, company)
      SELECT lead_id, name, company FROM c
      ON CONFLICT (lead_id) DO NOTHING
      RETURNING lead_id, search)`);
    // A version being built leaves its words to the build, like its daily cells. Otherwise the
    // words come from the cards this statement inserts (a card already there has its words
    // already), split from the `search` text the card's column computes.
    if (opts.deferrable !== true || !(await dailyTablesDeferred(db, version))) {
      parts.push(sql`words AS (
        INSERT INTO ${sql.id(schema, 'lead_words')} (word, lead_id, pipeline_id, search)
        SELECT DISTINCT w.word, i.lead_id, c.pipeline_id, i.search
        FROM inserted i JOIN c USING (lead_id),
          regexp_split_to_table(i.search, ${SEARCH_WORD_SPLIT}) AS w(word)
        WHERE w.word <> ''
        ORDER BY 1, 2, 3
        ON CONFLICT DO NOTHING)`);
    }
  }
  if (visits.length > 0) {
    visits.sort((a, b) => compareStrings(a.leadId, b.leadId) || a.seq - b.seq);
    parts.push(sql`visits AS (
      INSERT INTO ${sql.id(schema, 'lead_stage_visits')} (lead_id, seq, stage, entered_at)
      SELECT * FROM unnest(
        ${pgArrayLiteral(visits.map((v) => v.leadId))}::text[],
        ${pgArrayLiteral(visits.map((v) => v.seq))}::int[],
        ${pgArrayLiteral(visits.map((v) => v.stage))}::text[],
        ${pgArrayLiteral(visits.map((v) => v.enteredAt.toISOString()))}::timestamptz[]
      )
      ON CONFLICT (lead_id, seq) DO NOTHING)`);
  }
  if (counts.length > 0) {
    counts.sort(compareCounts);
    const col = (pick: (c: CountDelta) => string | number) => pgArrayLiteral(counts.map(pick));
    parts.push(sql`counts AS (
      INSERT INTO ${sql.id(schema, 'lead_counts')} AS t
        (pipeline_id, stage, status, owner_id, source, currency, n)
      SELECT * FROM unnest(
        ${col((c) => c.pipelineId)}::text[],
        ${col((c) => c.stage)}::text[],
        ${col((c) => c.status)}::text[],
        ${col((c) => c.ownerId)}::text[],
        ${col((c) => c.source)}::text[],
        ${col((c) => c.currency)}::text[],
        ${col((c) => c.n)}::bigint[]
      )
      ON CONFLICT (pipeline_id, stage, status, owner_id, source, currency) DO UPDATE SET
        n = t.n + excluded.n)`);
  }
  if (parts.length > 0) await sql`WITH ${sql.join(parts)} SELECT 1`.execute(db);
  // After the cards: a lead created and erased in one chunk is inserted, then cleared.
  if (erasures.length > 0) {
    erasures.sort((a, b) => compareStrings(a.leadId, b.leadId));
    // Every version's cards, not only this one's: a retired version kept for rollback must not
    // keep an erased person's name until it is rolled back to (it then applies the event too).
    const { rows } = await sql<{ schema: string; words: boolean }>`
      SELECT table_schema AS schema, EXISTS (
        SELECT 1 FROM information_schema.tables w
        WHERE w.table_schema = t.table_schema AND w.table_name = 'lead_words'
      ) AS words
      FROM information_schema.tables t
      WHERE table_name = 'lead_cards' AND table_schema LIKE 'rm\\_v%'
      ORDER BY table_schema
    `.execute(db);
    const erased = pgArrayLiteral(erasures.map((e) => e.leadId));
    const versions = new Map([[schema, true], ...rows.map((r) => [r.schema, r.words] as const)]);
    for (const [cards, words] of versions) {
      if (words) {
        await sql`
          DELETE FROM ${sql.id(cards, 'lead_words')} w
          USING ${sql.id(cards, 'lead_cards')} c
          WHERE c.lead_id = ANY(${erased}::text[]) AND w.lead_id = c.lead_id
            AND w.word = ANY(regexp_split_to_array(c.search, ${SEARCH_WORD_SPLIT}))
        `.execute(db);
      }
      await sql`
        UPDATE ${sql.id(cards, 'lead_cards')} AS c
        SET name = NULL, company = NULL, erased_at = e.erased_at
        FROM unnest(
          ${erased}::text[],
          ${pgArrayLiteral(erasures.map((e) => e.erasedAt.toISOString()))}::timestamptz[]
        ) AS e(lead_id, erased_at)
        WHERE c.lead_id = e.lead_id
      `.execute(db);
    }
  }
}
