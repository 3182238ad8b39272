import type { Database } from '@dealflow/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { readModelSchemaName } from '../read-model-schema.js';
import { readSnapshot } from './read-snapshot.js';
import { textMatches, textPattern, type TextMatches, type TextPlan } from './text-matches.js';
import type {
  LeadListFilters,
  LeadListItem,
  LeadListPage,
  LeadListRequest,
  LeadListTotal,
  LeadSortKey,
} from './lead-list-types.js';

/** Lists with other filters than the count dimensions count their matches up to this many. */
export const LEAD_LIST_COUNT_CAP = 1000;

/** A `leads` row joined with its card, as the list and the lead read it. */
export interface LeadItemRow {
  lead_id: string;
  pipeline_id: string;
  name: string | null;
  company: string | null;
  erased_at: Date | null;
  stage: string;
  status: 'open' | 'won' | 'lost';
  owner_id: string;
  source: string;
  currency: string;
  amount: number;
  created_at: Date;
  last_occurred_at: Date;
  stage_entered_at: Date;
  closed_at: Date | null;
  reason: string | null;
  version: number;
}

/** A row of the page's statement: the lead, its sort value as text and the list's count. */
type PageRow = LeadItemRow & { sort_value: string; total_n: string; text_n: string };

/** The columns of a {@link LeadItemRow} (`l` = leads, `c` = lead_cards). */
export const LEAD_ITEM_COLUMNS = sql.raw(
  'l.lead_id, l.pipeline_id, c.name, c.company, c.erased_at, l.stage, l.status, l.owner_id, ' +
    'l.source, l.currency, l.amount, l.created_at, l.last_occurred_at, l.stage_entered_at, ' +
    'l.closed_at, l.reason, l.version',
);

/** A stored row as the API shows it ('' dimensions are absent: `null`). */
export function leadItem(r: LeadItemRow): LeadListItem {
  return {
    leadId: r.lead_id,
    pipelineId: r.pipeline_id,
    name: r.name,
    company: r.company,
    erased: r.erased_at !== null,
    stage: r.stage,
    status: r.status,
    ownerId: r.owner_id === '' ? null : r.owner_id,
    source: r.source === '' ? null : r.source,
    amount: { value: r.amount, currency: r.currency },
    createdAt: r.created_at.toISOString(),
    lastActivityAt: r.last_occurred_at.toISOString(),
    stageEnteredAt: r.stage_entered_at.toISOString(),
    closedAt: r.closed_at === null ? null : r.closed_at.toISOString(),
    reason: r.reason,
    version: r.version,
  };
}

const SORT_COLUMNS: Record<LeadSortKey, { column: RawBuilder<unknown>; type: 'ts' | 'int' }> = {
  lastActivityAt: { column: sql.raw('l.last_occurred_at'), type: 'ts' },
  createdAt: { column: sql.raw('l.created_at'), type: 'ts' },
  amount: { column: sql.raw('l.amount'), type: 'int' },
};

/**
 * The WHERE conditions of `filters` (besides the page position). A text search reads the
 * matching ids when they are few, else tests each card (`ids` narrows to a sample instead).
 */
function conditions(
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
function totalQuery(
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
function withText(text: TextMatches | undefined): {
  with: RawBuilder<unknown>;
  found: RawBuilder<unknown>;
} {
  if (text?.kind !== 'words') return { with: sql.raw(''), found: sql.raw('0') };
  return {
    with: sql`WITH text_matches AS MATERIALIZED (${text.matches})`,
    found: sql.raw('(SELECT count(*) FROM text_matches)'),
  };
}

/** True when the list filters on nothing but its pipeline (and the page position). */
const unfiltered = (f: LeadListFilters) =>
  Object.entries(f).every(([key, value]) => key === 'pipelineId' || value === undefined);

/**
 * One page of the leads of read-model `version` that match the filters, in a total order (the
 * sort key, then the lead id in byte order), continuing after `after`: keyset pagination, so
 * a page costs the same wherever it is, and paging through while leads change never shows a
 * lead twice unless it moved in the sort order. `total` is exact when every filter is a
 * dimension of `lead_counts` (pipeline, stage, status, owner, source, currency), or for a text
 * alone that `lead_words` answered (up to 5000 matches); otherwise it counts up to
 * {@link LEAD_LIST_COUNT_CAP} and says `gte` beyond. A frequent text (in a sample
 * of the cards, or matching more than 5000 cards, `FEW_TEXT_MATCHES`) counts the matches it
 * found on the way: `gte`, a lower bound. `textPlan` forces one way of answering a text search
 * (both give the same pages).
 *
 * @example const page = await queryLeadList(db, 3, { filters: { pipelineId: 'default' },
 *   sort: 'amount', order: 'desc', limit: 50 });
 */
export async function queryLeadList(
  db: Kysely<Database>,
  version: number,
  request: LeadListRequest,
  options: { fewTextMatches?: number; textPlan?: TextPlan; textSample?: number } = {},
): Promise<LeadListPage> {
  const schema = readModelSchemaName(version);
  const { column, type } = SORT_COLUMNS[request.sort];
  const { q } = request.filters;
  const desc = request.order === 'desc';
  const dir = sql.raw(desc ? 'DESC' : 'ASC');
  const sortText =
    type === 'ts'
      ? sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : sql`${column}::text`;
  const pageQuery = (text: TextMatches | undefined, total: RawBuilder<unknown>) => {
    const head = withText(text);
    const where = conditions(schema, request.filters, text);
    if (request.after !== undefined) {
      const value =
        type === 'ts'
          ? sql`${request.after.value}::timestamptz`
          : sql`${request.after.value}::bigint`;
      const op = sql.raw(desc ? '<' : '>');
      where.push(sql`(${column}, l.lead_id COLLATE "C") ${op} (${value}, ${request.after.leadId})`);
    }
    const order = sql`ORDER BY ${column} ${dir}, l.lead_id COLLATE "C" ${dir}`;
    const leads = sql.id(schema, 'leads');
    const cards = sql.id(schema, 'lead_cards');
    const selected = sql`${LEAD_ITEM_COLUMNS}, ${sortText} AS sort_value, (${total}) AS total_n,
      ${head.found} AS text_n`;
    // Nothing to test: the sort index walk reads each page's rows straight from the table (one
    // page of the table per lead), not first the ids and then each row again by its key.
    if (unfiltered(request.filters)) {
      return sql<PageRow>`
        ${head.with} SELECT ${selected} FROM ${leads} l LEFT JOIN ${cards} c ON c.lead_id = l.lead_id
        WHERE ${sql.join(where, sql` AND `)}
        ${order}
        LIMIT ${request.limit + 1}
      `;
    }
    // The page's ids first, from the sort index alone (it carries every filtered column), then
    // the rows and cards of just those leads.
    return sql<PageRow>`
      ${head.with} SELECT ${selected}
      FROM (
        SELECT l.lead_id FROM ${leads} l
        WHERE ${sql.join(where, sql` AND `)}
        ${order}
        LIMIT ${request.limit + 1}
      ) page
      JOIN ${leads} l ON l.lead_id = page.lead_id
      LEFT JOIN ${cards} c ON c.lead_id = l.lead_id
      ${order}
    `;
  };
  // One snapshot for the text lookup, the page and its total.
  const [rows, counted] = await readSnapshot(db, async (conn) => {
    let text =
      q === undefined
        ? undefined
        : await textMatches(conn, schema, request.filters.pipelineId, q, {
            few: options.fewTextMatches,
            plan: options.textPlan,
            sampleSize: options.textSample,
          });
    for (;;) {
      const total = totalQuery(schema, request.filters, text);
      const { rows } = await pageQuery(text, total.query).execute(conn);
      // The total rides on each row of the page; an empty page asks for it alone.
      const head = withText(text);
      const counts =
        rows[0] ??
        (
          await sql<{ total_n: string; text_n: string }>`
            ${head.with} SELECT (${total.query}) AS total_n, ${head.found} AS text_n
          `.execute(conn)
        ).rows[0];
      // More matches than few: the walk along the sort index answers after all.
      if (text?.kind === 'words' && Number(counts?.text_n ?? 0) > text.few) {
        text = { kind: 'many', sample: text.sample };
        continue;
      }
      return [rows, total.read(Number(counts?.total_n ?? 0))] as const;
    }
  });
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  return {
    leads: page.map(leadItem),
    next:
      rows.length > request.limit && last !== undefined
        ? { value: last.sort_value, leadId: last.lead_id }
        : undefined,
    total: counted,
  };
}
