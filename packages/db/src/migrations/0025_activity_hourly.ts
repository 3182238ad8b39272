import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/** The counters of the metric rows, as of this migration. */
export const COUNTERS = [
  'created',
  'advanced',
  'reached',
  'touched',
  'progressed',
  'current',
  'lost',
  'won',
  'won_amount',
  'lost_amount',
  'open_amount',
  'open_entered_ms',
];
const KEY = ['pipeline_id', 'occurred_hour', 'stage', 'currency', 'reason'];
const STORAGE =
  'fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02';

/**
 * Every existing read-model version with activity cells gains `metric_activity_hourly`: the
 * counters of the "all owners, all sources" rollup per pipeline, UTC hour (hours since the
 * epoch), stage, currency and reason, filled from its `metric_events`. The partial day of an
 * instant then reads its whole hours from these cells and only sub-hour edges from the events.
 * A version whose cells wait for a rebuild's deferred build gets an empty table, which the
 * build fills. New versions get it from `readModelDdl`. Idempotent: a version that has the
 * table is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const present = await readModelSchemasWith(db, 'metric_activity_hourly');
  const types: Record<string, string> = { occurred_hour: 'int' };
  const columns = sql.raw([...KEY, ...COUNTERS].join(', '));
  for (const schema of await readModelSchemasWith(db, 'metric_activity_daily')) {
    if (present.includes(schema)) continue;
    const hourly = sql.id(schema, 'metric_activity_hourly');
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name = 'metric_events'
        AND column_name = ANY(${COUNTERS}::text[])
    `.execute(db);
    // A version from before the current counters is rebuilt, not migrated.
    if (rows[0]?.n !== COUNTERS.length) continue;
    await sql`
      CREATE TABLE ${hourly} (
        ${sql.raw(KEY.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`).join(', '))},
        ${sql.raw(COUNTERS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(', '))},
        PRIMARY KEY (${sql.raw(KEY.join(', '))}) INCLUDE (${sql.raw(COUNTERS.join(', '))})
      ) WITH (${sql.raw(STORAGE)})
    `.execute(db);
    if (!deferred.includes(schema)) {
      await sql`SET LOCAL work_mem = '256MB'`.execute(db);
      await sql`
        INSERT INTO ${hourly} (${columns})
        SELECT pipeline_id, floor(extract(epoch FROM occurred_at) / 3600)::int, stage, currency,
          reason, ${sql.raw(COUNTERS.map((c) => `SUM(${c})`).join(', '))}
        FROM ${sql.id(schema, 'metric_events')}
        GROUP BY 1, 2, 3, 4, 5
        HAVING ${sql.raw(COUNTERS.map((c) => `SUM(${c}) <> 0`).join(' OR '))}
        ORDER BY 1, 2
      `.execute(db);
    }
    await sql`ANALYZE ${hourly}`.execute(db);
  }
}
