import { sql, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import { cellId } from './additive-cells.js';
import type { MetricEventDelta } from './metric-counters.js';
import { metricScope, type MetricFilters, type MetricScope } from './metric-scope.js';
import { pgArrayLiteral } from '../pg-array-literal.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { rolledDims, rollupIs, ROLLUPS } from './rollup.js';
import { isAllTime } from './fine-histogram.js';
import { WON_TOTAL_HISTOGRAM } from './won-histogram-ddl.js';
import { WON_STATS_KEY as KEY, WON_STATS_TOTAL } from './won-stats-total-ddl.js';
import { wonStats, type WonStats } from './won-percentiles.js';

/**
 * The writes, refresh and reads of the kept all-time won-deal statistics ({@link WON_STATS_TOTAL},
 * defined in `won-stats-total-ddl.ts` with what the rows mean).
 */

type StatsKey = [pipeline: string, rollup: number, owner: string, source: string];

/** The all-time cells whose won deals `rows` change (won or taken back), sorted (lock order). */
export function wonStatsKeys(rows: readonly MetricEventDelta[]): StatsKey[] {
  const keys = new Map<string, StatsKey>();
  for (const row of rows) {
    if (row.won === 0) continue;
    for (const rollup of ROLLUPS) {
      const [owner, source] = rolledDims(rollup, row.owner_id, row.source);
      const key: StatsKey = [row.pipeline_id, rollup, owner, source];
      keys.set(cellId(key), key);
    }
  }
  return [...keys.values()].sort((a, b) => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i] ?? '';
      const y = b[i] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

/**
 * The upsert marking stale the rows of the all-time cells whose won deals `rows` change (a row
 * is made when missing). It takes each row's lock even when it is stale already, so it waits
 * for a refresh of that row in flight, and the refresh never misses this write. None when no
 * row changes a won deal.
 */
export function wonStatsStaleUpsert(
  schema: string,
  rows: readonly MetricEventDelta[],
): RawBuilder<unknown> | undefined {
  const keys = wonStatsKeys(rows);
  if (keys.length === 0) return undefined;
  const column = (i: number) => pgArrayLiteral(keys.map((k) => k[i] ?? null));
  const table = sqlId(schema, WON_STATS_TOTAL);
  return sql`
    INSERT INTO ${table} AS t (${sql.join(KEY.map((k) => sql.id(k)))})
    SELECT * FROM unnest(${column(0)}::text[], ${column(1)}::smallint[], ${column(2)}::text[],
      ${column(3)}::text[])
    ON CONFLICT (${sql.join(KEY.map((k) => sql.id(k)))}) DO UPDATE SET stale = true
    WHERE NOT t.stale
  `;
}

/**
 * Fills {@link WON_STATS_TOTAL} of `schema` with a stale row for every all-time cell that holds
 * won deals (the deferred build and the migration of existing versions), for
 * {@link refreshWonStats} to compute. The table must be empty.
 */
export async function fillWonStatsTotal(db: QueryExecutorProvider, schema: string): Promise<void> {
  await sql`
    INSERT INTO ${sqlId(schema, WON_STATS_TOTAL)} (${sql.join(KEY.map((k) => sql.id(k)))})
    SELECT DISTINCT ${sql.join(KEY.map((k) => sql.id(k)))}
    FROM ${sqlId(schema, WON_TOTAL_HISTOGRAM.name)}
    WHERE measure IN ('amount', 'cycle') AND n <> 0
    ORDER BY 1, 2, 3, 4
  `.execute(db);
}

/** The filters of the all-time cell of a kept row ('' owner or source of a summed rollup: all). */
export function keptCellFilters(row: {
  pipeline_id: string;
  rollup: number;
  owner_id: string;
  source: string;
}): MetricFilters {
  return {
    pipelineId: row.pipeline_id,
    ownerId: (row.rollup & 1) === 1 ? undefined : row.owner_id,
    source: (row.rollup & 2) === 2 ? undefined : row.source,
  };
}

/**
 * Recomputes up to `limit` stale rows of read-model `version`, each in a transaction of its
 * own that locks the row first (`SKIP LOCKED`: refreshers side by side take different rows;
 * a writer that changes the cell waits for the commit, then marks the row stale again).
 *
 * @returns the number of rows refreshed; fewer than `limit` when no stale row was left
 */
export async function refreshWonStats<DB>(
  db: Kysely<DB>,
  version: number,
  limit: number,
): Promise<number> {
  const schema = readModelSchemaName(version);
  const table = sqlId(schema, WON_STATS_TOTAL);
  let refreshed = 0;
  while (refreshed < limit) {
    const done = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        pipeline_id: string;
        rollup: number;
        owner_id: string;
        source: string;
      }>`
        SELECT pipeline_id, rollup, owner_id, source FROM ${table}
        WHERE stale LIMIT 1 FOR UPDATE SKIP LOCKED
      `.execute(trx);
      const [key] = rows;
      if (key === undefined) return false;
      const stats = await wonStats(trx, schema, metricScope(keptCellFilters(key), Date.now()));
      await sql`
        UPDATE ${table} SET stale = false, stats = ${JSON.stringify(stats)}::jsonb
        WHERE pipeline_id = ${key.pipeline_id} AND rollup = ${key.rollup}
          AND owner_id = ${key.owner_id} AND source = ${key.source}
      `.execute(trx);
      return true;
    });
    if (!done) break;
    refreshed += 1;
  }
  return refreshed;
}

/** How many rows of read-model `version` wait for {@link refreshWonStats}. */
export async function staleWonStats<DB>(db: Kysely<DB>, version: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.id(readModelSchemaName(version), WON_STATS_TOTAL)}
    WHERE stale
  `.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The won-deal statistics of `scope`: with no date bound, the kept row of its cell when it is
 * not stale; otherwise (a bounded scope, a stale row, or none) computed by `wonStats`.
 */
export async function wonStatsOf<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
): Promise<WonStats> {
  if (isAllTime(scope) && scope.start === null) {
    const { rows } = await sql<{ stats: WonStats }>`
      SELECT stats FROM ${sqlId(schema, WON_STATS_TOTAL)}
      WHERE pipeline_id = ${scope.pipelineId} AND ${rollupIs(scope)}
        AND owner_id = ${scope.ownerId ?? ''} AND source = ${scope.source ?? ''} AND NOT stale
    `.execute(db);
    const kept = rows[0]?.stats;
    if (kept !== undefined) return kept;
  }
  return wonStats(db, schema, scope);
}
