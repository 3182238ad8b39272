import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import { TERMINAL_STAGE_IDS } from '@dealflow/domain';
import { advanceAppliedPosition } from './applied-position.js';
import { fillWithoutKeys } from './fill-without-keys.js';
import { METRIC_COUNTERS } from './metrics/metric-counters.js';
import { fillMonthly } from './metrics/fill-monthly.js';
import { clusterColumns } from './metrics/cell-grain.js';
import {
  cellKeyColumns,
  METRIC_DAILY_TABLES,
  METRIC_MONTHLY_TABLES,
  METRIC_TOTAL_TABLE,
  type MetricCellTable,
} from './metrics/metric-ddl.js';
import { rolledKey, SUMMED_ROLLUP_VALUES } from './metrics/rollup.js';
import { fillSeriesCells, SERIES_TABLES } from './metrics/series-cells.js';
import { fillCrossHistogram, fillHistogramsFromCross } from './metrics/won-histogram.js';
import { WON_FINE_HISTOGRAM, WON_HISTOGRAM_TABLES } from './metrics/won-histogram-ddl.js';
import { fillFineHistogram } from './metrics/fine-histogram.js';
import { ACTIVITY_HOURLY, fillActivityHourly } from './metrics/activity-hourly.js';
import { fillHourlyHistogram, WON_HOURLY_HISTOGRAM } from './metrics/won-histogram-hourly.js';
import { fillFineMonthly, WON_FINE_MONTHLY } from './metrics/fine-monthly.js';
import { fillWonStatsTotal } from './metrics/won-stats-total.js';
import { WON_STATS_TOTAL } from './metrics/won-stats-total-ddl.js';
import { fillLeadWords } from './lead-list/fill-lead-words.js';
import { readModelSchemaName } from './read-model-schema.js';

/**
 * A version whose schema holds this table writes only `leads` and `metric_events` per chunk and
 * leaves the additive daily tables (`funnel_daily` and the three daily metric tables) to one
 * set-based build ({@link buildDeferredDailyTables}). Its existence is the flag, so a version
 * created before the flag existed reads as "not deferred".
 */
const MARKER = 'daily_tables_deferred';

/**
 * Advisory lock class (first key of the two-int form; bytes spell "dfdm") guarding the flag of
 * a version (second key): chunks hold it shared from the flag check to their commit, the build
 * exclusively for its session, until the flag is dropped. So every chunk either committed before the build read `metric_events`, or sees
 * the flag gone and adds its own daily deltas.
 */
const LOCK_CLASS = 0x6466646d;

/**
 * Reads the catalog through an MVCC snapshot (a plain query on `pg_class`), not through the
 * backend's relation cache as `to_regclass` does: that cache may still hold a marker another
 * transaction dropped since, until this transaction next opens a relation.
 */
async function markerExists(db: QueryExecutorProvider, version: number): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${readModelSchemaName(version)} AND c.relname = ${MARKER}
    ) AS found
  `.execute(db);
  return rows[0]?.found === true;
}

/**
 * Defers the daily tables of a new version to one set-based build: run it in the transaction
 * that creates the version, before any chunk is applied.
 */
export async function deferDailyTables(db: QueryExecutorProvider, version: number) {
  await sql`
    CREATE TABLE IF NOT EXISTS ${sql.id(readModelSchemaName(version), MARKER)} (
      since timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
}

/**
 * Whether a chunk writing to `version` must leave the daily tables alone. Holds the version's
 * flag lock shared until the caller's transaction ends, so call it inside that transaction.
 */
export async function dailyTablesDeferred(
  db: QueryExecutorProvider,
  version: number,
): Promise<boolean> {
  await sql`SELECT pg_advisory_xact_lock_shared(${LOCK_CLASS}, ${version})`.execute(db);
  // A statement of its own: its snapshot is taken after the lock was granted.
  return markerExists(db, version);
}

/** Whether the daily tables of `version` still wait for their set-based build. */
export async function dailyTablesPending<DB>(db: Kysely<DB>, version: number): Promise<boolean> {
  return markerExists(db, version);
}

const ids = (names: readonly string[]) => sql.join(names.map((n) => sql.id(n)));

/** `HAVING` of a daily sum: keys whose counters all add up to 0 hold no row, as per chunk. */
const nonZero = sql.join(
  METRIC_COUNTERS.map((c) => sql`sum(${sql.id(c)}) <> 0`),
  sql` OR `,
);

const sums = sql.join(METRIC_COUNTERS.map((c) => sql`sum(${sql.id(c)})`));

/**
 * The cross table from `metric_events`: the cells per owner × source (rollup 0) grouped from
 * the events, then the summed rollups grouped from those cells (fewer rows than the events).
 */
async function fillFromEvents(db: QueryExecutorProvider, schema: string, table: MetricCellTable) {
  const keys = cellKeyColumns(table);
  const select = keys.map((k) => {
    if (k === 'cohort_day') return sql`(created_at AT TIME ZONE 'UTC')::date`;
    if (k === 'occurred_day') return sql`(occurred_at AT TIME ZONE 'UTC')::date`;
    if (k === 'rollup') return sql`0`;
    return sql.id(k);
  });
  const positions = keys.map((_, i) => sql.raw(String(i + 1)));
  const clustered = positions.slice(0, clusterColumns(keys).length);
  await sql`
    INSERT INTO ${sql.id(schema, table.name)} (${ids([...keys, ...METRIC_COUNTERS])})
    SELECT ${sql.join(select)}, ${sums}
    FROM ${sql.id(schema, 'metric_events')}
    GROUP BY ${sql.join(positions)}
    HAVING ${nonZero}
    ORDER BY ${sql.join(clustered)}
  `.execute(db);
  await sql`
    INSERT INTO ${sql.id(schema, table.name)} (${ids([...keys, ...METRIC_COUNTERS])})
    SELECT ${sql.join(rolledKey(keys))}, ${sums}
    FROM ${sql.id(schema, table.name)} AS t CROSS JOIN ${SUMMED_ROLLUP_VALUES}
    WHERE t.rollup = 0
    GROUP BY ${sql.join(positions)}
    HAVING ${nonZero}
    ORDER BY ${sql.join(clustered)}
  `.execute(db);
}

/** Sums a coarser daily table from the cross table (its key is a subset of the cross key). */
async function fillFromCross(db: QueryExecutorProvider, schema: string, table: MetricCellTable) {
  const keys = cellKeyColumns(table);
  await sql`
    INSERT INTO ${sql.id(schema, table.name)} (${ids([...keys, ...METRIC_COUNTERS])})
    SELECT ${ids(keys)}, ${sums}
    FROM ${sql.id(schema, 'metric_cross_daily')}
    GROUP BY ${ids(keys)}
    HAVING ${nonZero}
    ORDER BY ${ids(clusterColumns(keys))}
  `.execute(db);
}

/**
 * `funnel_daily` from the cohort table. Every metric row's stage is an open stage, and its
 * `reached`/`touched`/`current`/`lost` are the funnel deltas of that stage; the funnel's won and
 * lost rows count the closing rows (`won`, `lost` = 1) as reached and touched.
 */
async function fillFunnel(db: QueryExecutorProvider, schema: string) {
  const { won, lost } = TERMINAL_STAGE_IDS;
  const keys = ['pipeline_id', 'cohort_day', 'stage', 'owner_id', 'source'];
  await sql`
    INSERT INTO ${sql.id(schema, 'funnel_daily')} (${ids(keys)}, reached, touched, current, lost)
    SELECT ${ids(keys)}, sum(reached), sum(touched), sum(current), sum(lost)
    FROM (
      SELECT pipeline_id, cohort_day, stage, owner_id, source, reached, touched, current, lost
      FROM ${sql.id(schema, 'metric_cohort_daily')} WHERE rollup = 0
      UNION ALL
      SELECT pipeline_id, cohort_day, ${won}, owner_id, source, won, won, 0, 0
      FROM ${sql.id(schema, 'metric_cohort_daily')} WHERE rollup = 0 AND won <> 0
      UNION ALL
      SELECT pipeline_id, cohort_day, ${lost}, owner_id, source, lost, lost, 0, 0
      FROM ${sql.id(schema, 'metric_cohort_daily')} WHERE rollup = 0 AND lost <> 0
    ) AS deltas
    GROUP BY ${ids(keys)}
    HAVING sum(reached) <> 0 OR sum(touched) <> 0 OR sum(current) <> 0 OR sum(lost) <> 0
    ORDER BY ${ids(clusterColumns(keys))}
  `.execute(db);
}

/** Fills the emptied metric cell tables of `schema` from its `metric_events`, coarse from fine. */
async function fillMetricCells(db: QueryExecutorProvider, schema: string): Promise<void> {
  const cross = METRIC_DAILY_TABLES.find((t) => t.cohort && t.occurred);
  if (cross === undefined) throw new Error('no daily table keyed by both days');
  await fillFromEvents(db, schema, cross);
  for (const table of METRIC_DAILY_TABLES) {
    if (table !== cross) await fillFromCross(db, schema, table);
  }
  for (const table of METRIC_MONTHLY_TABLES) {
    const daily = METRIC_DAILY_TABLES.find(
      (t) => t.cohort === table.cohort && t.occurred === table.occurred,
    );
    if (daily === undefined) throw new Error(`no daily table for ${table.name}`);
    await fillMonthly(db, schema, daily.name, table.name, cellKeyColumns(table), [
      ...METRIC_COUNTERS,
    ]);
  }
  const cohortMonthly = METRIC_MONTHLY_TABLES.find((t) => t.cohort);
  if (cohortMonthly === undefined) throw new Error('no monthly cohort table');
  // The all-time cells are the monthly cohort cells summed over the months.
  const total = cellKeyColumns(METRIC_TOTAL_TABLE);
  await fillMonthly(db, schema, cohortMonthly.name, METRIC_TOTAL_TABLE.name, total, [
    ...METRIC_COUNTERS,
  ]);
  await fillSeriesCells(db, schema);
  await fillFunnel(db, schema);
  await fillActivityHourly(db, schema);
}

/** One independent part of the build: the tables it owns and how they are filled. */
interface BuildPart {
  tables: readonly string[];
  fill: (db: QueryExecutorProvider, schema: string) => Promise<void>;
}

/**
 * The parts read only `metric_events` and the lead cards, and each writes tables no other part
 * reads, so they run side by side — but for the histograms, which read the cross histogram
 * built and keyed before them on the same connection. The histograms are about half the work;
 * their fine level, read from the events too, goes with the metric cells and the words, and
 * their hourly cells follow them, so the two connections finish at about the same time.
 */
const CROSS_HISTOGRAM_PART: BuildPart = {
  tables: WON_HISTOGRAM_TABLES.filter((t) => t.cohort && t.occurred).map((t) => t.name),
  fill: fillCrossHistogram,
};
const HISTOGRAM_PART: BuildPart = {
  tables: WON_HISTOGRAM_TABLES.filter((t) => !(t.cohort && t.occurred)).map((t) => t.name),
  fill: fillHistogramsFromCross,
};
/** After the histograms: a stale row per all-time cell with won deals, for the refresher. */
const STATS_PART: BuildPart = { tables: [WON_STATS_TOTAL], fill: fillWonStatsTotal };
const FINE_PART: BuildPart = { tables: [WON_FINE_HISTOGRAM], fill: fillFineHistogram };
const HOURLY_PART: BuildPart = { tables: [WON_HOURLY_HISTOGRAM], fill: fillHourlyHistogram };
const FINE_MONTHLY_PART: BuildPart = { tables: [WON_FINE_MONTHLY], fill: fillFineMonthly };
const METRIC_PART: BuildPart = {
  tables: [
    ...METRIC_DAILY_TABLES.map((t) => t.name),
    ...METRIC_MONTHLY_TABLES.map((t) => t.name),
    METRIC_TOTAL_TABLE.name,
    ...SERIES_TABLES.map((t) => t.name),
    'funnel_daily',
    ACTIVITY_HOURLY,
  ],
  fill: fillMetricCells,
};
const WORDS_PART: BuildPart = { tables: ['lead_words'], fill: fillLeadWords };

/**
 * Empties and fills the tables of one part in a transaction of its own, keys dropped and
 * built after ({@link fillWithoutKeys}), then gathers their planner statistics: the version
 * goes live right after the build, and its queries should not be planned on the guesses for
 * tables never analysed until autovacuum comes round. A part committed by a build that then
 * failed is emptied and filled again by the next build.
 */
async function buildPart<DB>(db: Kysely<DB>, schema: string, part: BuildPart): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
    const tables = sql.join(part.tables.map((t) => sql.id(schema, t)));
    await sql`TRUNCATE ${tables}`.execute(trx);
    await fillWithoutKeys(trx, schema, part.tables, () => part.fill(trx, schema));
    await sql`ANALYZE ${tables}`.execute(trx);
  });
}

/** Settles every promise, then throws the first failure: no part is left running. */
async function allOrFirstError(work: readonly Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/**
 * Builds the deferred daily tables of `version` from its `metric_events` — the cross table by
 * grouping the events, the cohort and activity tables by grouping the cross table, the monthly
 * ones from those, the series cells from the cross table, `funnel_daily` from the cohort
 * table, the histograms likewise, and the lead list's `lead_words` from its cards — each cell
 * table written in the order of its key's leading columns ({@link clusterColumns}), so that the
 * cells of a range of days lie on adjacent pages (a month of a histogram read 16 k scattered
 * pages at 1 M leads) — and clears the flag, so the chunks after it add their daily deltas as
 * usual. Each daily row is by definition a sum of deltas of the events of its key, so the
 * result is what chunk-by-chunk upserts would have written (keys summing to 0 have no row).
 *
 * The histograms, the stale rows of the kept statistics, the hourly histogram cells and the
 * monthly fine cells are filled on one connection while the metric cells,
 * the words and the fine histogram are filled on another (two cores do it in about half the
 * time). The flag's lock is held by the first connection's session from before the flag is
 * read until after it is dropped, so no chunk commits in between. The flag goes last, in a
 * transaction of its own: until it is gone the version is still being built, and a build
 * after a failure fills every part again.
 * Idempotent: a version already built is left alone. `onPart` hears how many parts of how
 * many are built: once before the first and after each.
 *
 * @returns false when there was nothing to build
 */
export async function buildDeferredDailyTables<DB>(
  db: Kysely<DB>,
  version: number,
  onPart: (built: number, parts: number) => void = () => undefined,
): Promise<boolean> {
  const schema = readModelSchemaName(version);
  // Both connections are taken before the lock: chunks waiting for it may hold the rest of the pool.
  return db.connection().execute((first) =>
    db.connection().execute(async (second) => {
      await sql`SELECT pg_advisory_lock(${LOCK_CLASS}, ${version})`.execute(first);
      try {
        if (!(await markerExists(first, version))) return false;
        const firstParts = [
          CROSS_HISTOGRAM_PART,
          HISTOGRAM_PART,
          STATS_PART,
          HOURLY_PART,
          FINE_MONTHLY_PART,
        ];
        const secondParts = [METRIC_PART, WORDS_PART, FINE_PART];
        const parts = firstParts.length + secondParts.length;
        let built = 0;
        onPart(built, parts);
        const inTurn = async (conn: Kysely<DB>, list: readonly BuildPart[]) => {
          for (const part of list) {
            await buildPart(conn, schema, part);
            onPart(++built, parts);
          }
        };
        await allOrFirstError([inTurn(first, firstParts), inTurn(second, secondParts)]);
        await first.transaction().execute(async (trx) => {
          await sql`DROP TABLE ${sql.id(schema, MARKER)}`.execute(trx);
          await advanceAppliedPosition(trx, version);
        });
        return true;
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK_CLASS}, ${version})`.execute(first);
      }
    }),
  );
}
