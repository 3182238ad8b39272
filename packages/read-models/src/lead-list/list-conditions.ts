import { sql, type RawBuilder } from 'kysely';
import type { LeadListFilters, LeadListTotal } from './lead-list-types.js';
import { textPattern, type TextMatches } from './text-matches.js';

/** Lists with other filters than the count dimensions count their matches up to this many. */
export const LEAD_LIST_COUNT_CAP = 1000;

/**
 * The WHERE conditions of `filters` (besides the page position). A text search reads the
 * matching ids when they are few, else tests each card (`ids` narrows to a sample instead).
 */
export function conditions(
  schema: string,
  f: LeadListFilters,
  text: TextMatches | undefined,
  ids?: readonly string[],
): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`l.pipeline_id = ${f.pipelineId}`];
  if (f.stage !== undefined) where.push(sql`l.stage = ${f.stage}`);
  if (f.status !== undefined) where.push(sql`l.status = ${f.status}`);
  if (f.ownerId !== undefined) where.push(sql`l.owner_id = ${f.ownerId}`);
  if (f.source !== undefined) where.push(sql`l.source = ${f.source}`);
  if (f.currency !== undefined) where.push(sql`l.currency = ${f.currency}`);
  if (f.amountMin !== undefined) where.push(sql`l.amount >= ${f.amountMin}`);
  if (f.amountMax !== undefined) where.push(sql`l.amount <= ${f.amountMax}`);
  if (f.createdFrom !== undefined) where.push(sql`l.created_at >= ${f.createdFrom}`);
  if (f.createdTo !== undefined) where.push(sql`l.created_at < ${f.createdTo}`);
  if (f.activityFrom !== undefined) where.push(sql`l.last_occurred_at >= ${f.activityFrom}`);
  if (f.activityTo !== undefined) where.push(sql`l.last_occurred_at < ${f.activityTo}`);
  if (ids !== undefined) where.push(sql`l.lead_id = ANY(${[...ids]}::text[])`);
  else if (text?.kind === 'few') where.push(sql`l.lead_id = ANY(${text.ids}::text[])`);
  else if (text?.kind === 'words') {
    where.push(sql`l.lead_id = ANY(ARRAY(SELECT lead_id FROM text_matches))`);
  }
  // Tested lead by lead along the sort index: a subquery, not a join, so the planner cannot
  // turn it into a scan of every card (or every trigram match) and a sort of all the matches.
  else if (f.q !== undefined) {
    const card = sql`SELECT c.search FROM ${sql.id(schema, 'lead_cards')} c WHERE c.lead_id = l.lead_id`;
    where.push(sql`(${card}) LIKE lower(${textPattern(f.q)})`);
  }
  return where;
}

/** True when every filter is a dimension of `lead_counts`: the total is exact and cheap. */
const countable = (f: LeadListFilters) =>
  f.amountMin === undefined &&
  f.amountMax === undefined &&
  f.createdFrom === undefined &&
  f.createdTo === undefined &&
  f.activityFrom === undefined &&
  f.activityTo === undefined &&
  f.q === undefined;

/** True when the list filters on its text alone (and its pipeline). */
const textAlone = (f: LeadListFilters) =>
  Object.entries(f).every(
    ([key, value]) => key === 'pipelineId' || key === 'q' || value === undefined,
  );

/**
 * The statement counting the list (a scalar subquery of the page's statement, so page and total
 * come in one round trip) and how to read its count (`n` as text).
 */
export function totalQuery(
  schema: string,
  f: LeadListFilters,
  text: TextMatches | undefined,
): { query: RawBuilder<unknown>; read: (n: number) => LeadListTotal } {
  if (countable(f)) {
    const where = [sql`pipeline_id = ${f.pipelineId}`];
    if (f.stage !== undefined) where.push(sql`stage = ${f.stage}`);
    if (f.status !== undefined) where.push(sql`status = ${f.status}`);
    if (f.ownerId !== undefined) where.push(sql`owner_id = ${f.ownerId}`);
    if (f.source !== undefined) where.push(sql`source = ${f.source}`);
    if (f.currency !== undefined) where.push(sql`currency = ${f.currency}`);
    return {
      query: sql`SELECT coalesce(sum(n), 0)::text FROM ${sql.id(schema, 'lead_counts')}
        WHERE ${sql.join(where, sql` AND `)}`,
      read: (n) => ({ value: n, relation: 'eq' }),
    };
  }
  // The text's matches in the pipeline, found by its words, when nothing else filters.
  if (text?.kind === 'words' && textAlone(f)) {
    return {
      query: sql`SELECT count(*)::text FROM text_matches`,
      read: (n) => ({ value: n, relation: 'eq' }),
    };
  }
  // Many text matches: counting them all would cost what they are; the sample's count is a
  // lower bound.
  const sample = text?.kind === 'many' ? text.sample : undefined;
  return {
    query: sql`SELECT count(*)::text FROM (
      SELECT 1 FROM ${sql.id(schema, 'leads')} l
      WHERE ${sql.join(conditions(schema, f, text, sample), sql` AND `)}
      LIMIT ${LEAD_LIST_COUNT_CAP + 1}
    ) matching`,
    read: (n) =>
      n > LEAD_LIST_COUNT_CAP
        ? { value: LEAD_LIST_COUNT_CAP, relation: 'gte' }
        : { value: n, relation: sample === undefined ? 'eq' : 'gte' },
  };
}

/** The `WITH` a text found by its words puts before the list's statement, and its count. */
export function withText(text: TextMatches | undefined): {
  with: RawBuilder<unknown>;
  found: RawBuilder<unknown>;
} {
  if (text?.kind !== 'words') return { with: sql.raw(''), found: sql.raw('0') };
  return {
    with: sql`WITH text_matches AS MATERIALIZED (${text.matches})`,
    found: sql.raw('(SELECT count(*) FROM text_matches)'),
  };
}
