import type { Database } from '@dealflow/db';
import { sql, type Kysely, type QueryExecutorProvider, type Selectable } from 'kysely';
import { readModelDb, readModelSchemaName, type ParkedEventRow } from '../read-model-schema.js';

/** A stored dead letter. */
export type ParkedRow = Selectable<ParkedEventRow>;

export type ParkedStatus = ParkedRow['status'];

/** What {@link listParkedRows} filters on; `afterId` pages (ids ascend). */
export interface ParkedRowFilter {
  status?: ParkedStatus | 'all';
  leadId?: string;
  errorCode?: string;
  afterId?: number;
  limit: number;
}

/**
 * Which of the given leads have an event parked (and not yet retried or discarded) in
 * read-model `version`: their later events must wait behind it, so per-lead order holds.
 */
export async function findParkedLeads(
  db: QueryExecutorProvider,
  version: number,
  leadIds: readonly string[],
): Promise<Set<string>> {
  if (leadIds.length === 0) return new Set();
  const { rows } = await sql<{ lead_id: string }>`
    SELECT DISTINCT lead_id FROM ${sql.id(readModelSchemaName(version), 'parked_events')}
    WHERE status = 'parked' AND lead_id = ANY(${[...leadIds]}::text[])
  `.execute(db);
  return new Set(rows.map((r) => r.lead_id));
}

/** The still-parked rows of the given leads, in offset order. */
export async function parkedRowsOfLeads(
  db: Kysely<Database>,
  version: number,
  leadIds: readonly string[],
): Promise<ParkedRow[]> {
  if (leadIds.length === 0) return [];
  return readModelDb(db, version)
    .selectFrom('parked_events')
    .selectAll()
    .where('status', '=', 'parked')
    .where('lead_id', 'in', leadIds)
    .orderBy('offset')
    .execute();
}

/**
 * The still-parked rows that share a lead with dead letter `id` (just that one when it has no
 * lead), ordered by topic, partition and offset; `lock` takes their row locks.
 */
export async function parkedRowsBeside(
  db: Kysely<Database>,
  version: number,
  of: { id: number; leadId: string | null },
  lock = false,
): Promise<ParkedRow[]> {
  let q = readModelDb(db, version)
    .selectFrom('parked_events')
    .selectAll()
    .where('status', '=', 'parked');
  q = of.leadId === null ? q.where('id', '=', of.id) : q.where('lead_id', '=', of.leadId);
  q = q.orderBy('topic').orderBy('partition').orderBy('offset');
  return lock ? q.forUpdate().execute() : q.execute();
}

/** One dead letter by id (locked for the transaction when `lock`), or undefined. */
export async function parkedRowById(
  db: Kysely<Database>,
  version: number,
  id: number,
  lock = false,
): Promise<ParkedRow | undefined> {
  const q = readModelDb(db, version).selectFrom('parked_events').selectAll().where('id', '=', id);
  return lock ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst();
}

/** One page of a version's dead letters, oldest first (`limit + 1` rows tell a next page). */
export async function listParkedRows(
  db: Kysely<Database>,
  version: number,
  filter: ParkedRowFilter,
): Promise<ParkedRow[]> {
  let query = readModelDb(db, version)
    .selectFrom('parked_events')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  const status = filter.status ?? 'parked';
  if (status !== 'all') query = query.where('status', '=', status);
  if (filter.leadId !== undefined) query = query.where('lead_id', '=', filter.leadId);
  if (filter.errorCode !== undefined) query = query.where('error_code', '=', filter.errorCode);
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

/** How many dead letters of `version` are still parked; 0 when its schema was dropped. */
export async function countParked(db: QueryExecutorProvider, version: number): Promise<number> {
  const table = `${readModelSchemaName(version)}.parked_events`;
  const { rows: exists } = await sql<{ found: boolean }>`
    SELECT to_regclass(${table}) IS NOT NULL AS found
  `.execute(db);
  if (exists[0]?.found !== true) return 0;
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.id(readModelSchemaName(version), 'parked_events')}
    WHERE status = 'parked'
  `.execute(db);
  return rows[0]?.n ?? 0;
}

/** Where the first still-parked record of `version` came from and why, if any. */
export async function firstParked(
  db: QueryExecutorProvider,
  version: number,
): Promise<
  | { topic: string; partition: number; offset: number; error_code: string; error: string }
  | undefined
> {
  const { rows } = await sql<{
    topic: string;
    partition: number;
    offset: number;
    error_code: string;
    error: string;
  }>`
    SELECT topic, partition, "offset"::float8 AS "offset", error_code, error
    FROM ${sql.id(readModelSchemaName(version), 'parked_events')}
    WHERE status = 'parked'
    ORDER BY "offset", id LIMIT 1
  `.execute(db);
  return rows[0];
}

/** Whether any record of `version` is still parked. */
export async function anyParked(db: QueryExecutorProvider, version: number): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM ${sql.id(readModelSchemaName(version), 'parked_events')}
      WHERE status = 'parked'
    ) AS found
  `.execute(db);
  return rows[0]?.found === true;
}

/** The records of `topic` with a dead letter of status `status` in `version`. */
export async function parkedPositions(
  db: Kysely<Database>,
  version: number,
  topic: string,
  status: ParkedStatus,
): Promise<{ partition: number; offset: number; leadId: string | null }[]> {
  const rows = await readModelDb(db, version)
    .selectFrom('parked_events')
    .select(['partition', 'offset', 'lead_id'])
    .where('topic', '=', topic)
    .where('status', '=', status)
    .execute();
  return rows.map((r) => ({ partition: r.partition, offset: Number(r.offset), leadId: r.lead_id }));
}
