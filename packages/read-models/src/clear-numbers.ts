import { sql, type Kysely } from 'kysely';
import { advanceAppliedPosition } from './applied-position.js';
import { ACTIVITY_HOURLY } from './metrics/activity-hourly.js';
import { METRIC_CELL_TABLES } from './metrics/metric-ddl.js';
import { SERIES_TABLES } from './metrics/series-cells.js';
import { WON_FINE_HISTOGRAM, WON_HISTOGRAM_TABLES } from './metrics/won-histogram-ddl.js';
import { WON_HOURLY_HISTOGRAM } from './metrics/won-histogram-hourly.js';
import { WON_FINE_MONTHLY } from './metrics/fine-monthly.js';
import { WON_STATS_TOTAL } from './metrics/won-stats-total-ddl.js';
import { readModelSchemaName } from './read-model-schema.js';

/**
 * Empties the tables the numbers of read-model `version` are computed from (`leads`, the
 * metric rows, every cell, series and histogram table, the kept statistics, `funnel_daily`), so that the version can be
 * filled again from a history of its own: what a property test does between draws. The
 * applied position moves on with it, as with every change of the numbers, so no `ETag` (and no
 * answer kept under one) of the numbers before can match the numbers after, even when what
 * follows writes nothing (an empty history).
 */
export async function clearReadModelNumbers<DB>(db: Kysely<DB>, version: number): Promise<void> {
  const schema = readModelSchemaName(version);
  const tables = [
    'leads',
    'funnel_daily',
    'metric_events',
    ...METRIC_CELL_TABLES.map((t) => t.name),
    ...SERIES_TABLES.map((t) => t.name),
    ...WON_HISTOGRAM_TABLES.map((t) => t.name),
    WON_FINE_HISTOGRAM,
    WON_HOURLY_HISTOGRAM,
    WON_FINE_MONTHLY,
    ACTIVITY_HOURLY,
    WON_STATS_TOTAL,
  ];
  await db.transaction().execute(async (trx) => {
    await sql`TRUNCATE ${sql.join(tables.map((t) => sql.id(schema, t)))}`.execute(trx);
    await advanceAppliedPosition(trx, version);
  });
}
