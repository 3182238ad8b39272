import type { Database } from '@dealflow/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { readModelSchemaName } from '../read-model-schema.js';
import { readSnapshot } from './read-snapshot.js';
import { WORDS_WALK_BOUND, wordsPageIds } from './words-page.js';
import { conditions, totalQuery, withText } from './list-conditions.js';
import { textMatches, type TextMatches, type TextPlan } from './text-matches.js';
import type {
  LeadListFilters,
  LeadListItem,
  LeadListPage,
  LeadListRequest,
  LeadSortKey,
} from './lead-list-types.js';

/**
 * A `leads` row joined with its card, as the list and the lead read it. Instants come as the
 * API writes them (ISO 8601, UTC, milliseconds): formatted by Postgres, they are neither parsed
 * into `Date`s nor formatted again here (a page of 50 leads has 200 of them).
 */
export interface LeadItemRow {
  lead_id: string;
  pipeline_id: string;
  name: string | null;
  company: string | null;
  erased: boolean;
  stage: string;
  status: 'open' | 'won' | 'lost';
  owner_id: string;
  source: string;
  currency: string;
  amount: number;
  created_at: string;
  last_occurred_at: string;
  stage_entered_at: string;
  closed_at: string | null;
  reason: string | null;
  version: number;
}

/**
 * A row of the page's statement: the lead, its sort value as text and the list's count. A walk
 * of the sort index cut short adds the entry it stopped at, not a `hit` ({@link wordsPageIds}).
 */
type PageRow = LeadItemRow & { sort_value: string; total_n: string; text_n: string; hit: boolean };

/** `column` (a `timestamptz`) as `Date.prototype.toISOString` writes it: both truncate to ms. */
const isoText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of a {@link LeadItemRow} (`l` = leads, `c` = lead_cards). */
export const LEAD_ITEM_COLUMNS = sql.raw(
  'l.lead_id, l.pipeline_id, c.name, c.company, c.erased_at IS NOT NULL AS erased, l.stage, ' +
    'l.status, l.owner_id, l.source, l.currency, l.amount, ' +
    `${isoText('l.created_at')} AS created_at, ` +
    `${isoText('l.last_occurred_at')} AS last_occurred_at, ` +
    `${isoText('l.stage_entered_at')} AS stage_entered_at, ` +
    `${isoText('l.closed_at')} AS closed_at, l.reason, l.version`,
);

/** A stored row as the API shows it ('' dimensions are absent: `null`). */
export function leadItem(r: LeadItemRow): LeadListItem {
  return {
    leadId: r.lead_id,
    pipelineId: r.pipeline_id,
    name: r.name,
    company: r.company,
    erased: r.erased,
    stage: r.stage,
    status: r.status,
    ownerId: r.owner_id === '' ? null : r.owner_id,
    source: r.source === '' ? null : r.source,
    amount: { value: r.amount, currency: r.currency },
    createdAt: r.created_at,
    lastActivityAt: r.last_occurred_at,
    stageEnteredAt: r.stage_entered_at,
    closedAt: r.closed_at,
    reason: r.reason,
    version: r.version,
  };
}

const SORT_COLUMNS: Record<LeadSortKey, { column: RawBuilder<unknown>; type: 'ts' | 'int' }> = {
  lastActivityAt: { column: sql.raw('l.last_occurred_at'), type: 'ts' },
  createdAt: { column: sql.raw('l.created_at'), type: 'ts' },
  amount: { column: sql.raw('l.amount'), type: 'int' },
};

/** Ways of answering forced by tests (each gives the same pages). */
export interface LeadListOptions {
  fewTextMatches?: number;
  textPlan?: TextPlan;
  textSample?: number;
  /** See {@link WORDS_WALK_FROM} and {@link WORDS_WALK_BOUND}. */
  wordsWalkFrom?: number;
  wordsWalkBound?: number;
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
  options: LeadListOptions = {},
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
    const position: RawBuilder<unknown>[] = [];
    if (request.after !== undefined) {
      const value =
        type === 'ts'
          ? sql`${request.after.value}::timestamptz`
          : sql`${request.after.value}::bigint`;
      const op = sql.raw(desc ? '<' : '>');
      position.push(
        sql`(${column}, l.lead_id COLLATE "C") ${op} (${value}, ${request.after.leadId})`,
      );
    }
    const where = [...conditions(schema, request.filters, text), ...position];
    const order = sql`ORDER BY ${column} ${dir}, l.lead_id COLLATE "C" ${dir}`;
    const leads = sql.id(schema, 'leads');
    const cards = sql.id(schema, 'lead_cards');
    const walked = text?.kind === 'words';
    const selected = sql`${LEAD_ITEM_COLUMNS}, ${sortText} AS sort_value, (${total}) AS total_n,
      ${head.found} AS text_n, ${sql.raw(walked ? 'page.hit' : 'true AS hit')}`;
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
    const ids =
      text?.kind === 'words'
        ? wordsPageIds({
            leads,
            where: [
              ...conditions(schema, { ...request.filters, q: undefined }, undefined),
              ...position,
            ],
            column,
            dir,
            limit: request.limit + 1,
            found: head.found,
            walkFrom: text.walkFrom,
            bound: options.wordsWalkBound ?? WORDS_WALK_BOUND,
          })
        : sql`SELECT l.lead_id FROM ${leads} l WHERE ${sql.join(where, sql` AND `)}
            ${order} LIMIT ${request.limit + 1}`;
    return sql<PageRow>`
      ${head.with} SELECT ${selected}
      FROM (${ids}) page
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
            walkFrom: options.wordsWalkFrom,
          });
    for (;;) {
      const total = totalQuery(schema, request.filters, text);
      const { rows: returned } = await pageQuery(text, total.query).execute(conn);
      const rows = returned.filter((row) => row.hit);
      // The total rides on each row of the page; an empty page asks for it alone.
      const head = withText(text);
      const counts =
        returned[0] ??
        (
          await sql<{ total_n: string; text_n: string }>`
            ${head.with} SELECT (${total.query}) AS total_n, ${head.found} AS text_n
          `.execute(conn)
        ).rows[0];
      const found = Number(counts?.text_n ?? 0);
      // More matches than few: the walk along the sort index answers after all.
      if (text?.kind === 'words' && found > text.few) {
        text = { kind: 'many', sample: text.sample };
        continue;
      }
      // A walk cut short by its bound before it found a page: the matches are probed instead.
      if (text?.kind === 'words' && rows.length <= request.limit && returned.some((r) => !r.hit)) {
        text = { ...text, walkFrom: Infinity };
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
