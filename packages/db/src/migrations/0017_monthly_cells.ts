import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';
import { valueBounds } from './value-bounds.js';

/** The monthly tables and the daily twin each is summed from, as of this migration. */
const TABLES = [
  { name: 'metric_cohort_monthly', daily: 'metric_cohort_daily', axis: 'cohort', hist: false },
  {
    name: 'metric_activity_monthly',
    daily: 'metric_activity_daily',
    axis: 'occurred',
    hist: false,
  },
  { name: 'won_hist_cohort_monthly', daily: 'won_hist_cohort', axis: 'cohort', hist: true },
  { name: 'won_hist_activity_monthly', daily: 'won_hist_activity', axis: 'occurred', hist: true },
] as const;

/** The columns of the occurred-time covering index, as of this migration. */
export const OCCURRED_COVER = [
  'owner_id',
  'source',
  'created_at',
  'stage',
  'currency',
  'reason',
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
  'cycle_ms',
];

/**
 * The partial days of events read index-only, in every existing version: the index by
 * occurred time covers every column a partial day is summed from (it replaces the plain
 * `metric_events_occurred`), and the won rows' covering index gains `won`, the sign a
 * histogram box reads. Idempotent.
 */
async function coverPartialDays(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'metric_events')) {
    const events = sql.id(schema, 'metric_events');
    const { rows: columns } = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name = 'metric_events'
    `.execute(db);
    const has = new Set(columns.map((c) => c.name));
    const cover = OCCURRED_COVER.filter((c) => has.has(c));
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_occurred_cover ON ${events} (pipeline_id, occurred_at)
      INCLUDE (${sql.raw(cover.join(', '))})
    `.execute(db);
    await sql`DROP INDEX IF EXISTS ${sql.id(schema, 'metric_events_occurred')}`.execute(db);
    const { rows } = await sql<{ def: string }>`
      SELECT indexdef AS def FROM pg_indexes
      WHERE schemaname = ${schema} AND indexname = 'metric_events_won_cover'
    `.execute(db);
    if (rows[0]?.def.includes(' won,') === true) continue;
    await sql`DROP INDEX IF EXISTS ${sql.id(schema, 'metric_events_won_cover')}`.execute(db);
    await sql`
      CREATE INDEX metric_events_won_cover ON ${events} (pipeline_id, created_at)
      INCLUDE (owner_id, source, occurred_at, currency, won, won_amount, cycle_ms) WHERE won <> 0
    `.execute(db);
  }
}

const DAILY_HISTOGRAMS = [
  { name: 'won_hist_cohort', days: ['cohort_day'] },
  { name: 'won_hist_activity', days: ['occurred_day'] },
  { name: 'won_hist_cross', days: ['cohort_day', 'occurred_day'] },
];

/**
 * Completed visits join the won deals in the daily histograms (measure `visit:<stage>`,
 * currency '', a visit counts +1 and its ms), so a stage's visit median is read from one
 * bucket's rows: every existing version gets its visits' cells from its `metric_events`, and
 * the index that reads one bucket of visits. A version whose daily tables wait for a rebuild's
 * deferred build, or that has visit cells already, is left to its build. Idempotent.
 */
async function addVisitCells(db: Kysely<unknown>): Promise<void> {
  const bounds = sql.raw(`'{${valueBounds().join(',')}}'::bigint[]`);
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  for (const schema of await readModelSchemasWith(db, 'won_hist_cross')) {
    const events = sql.id(schema, 'metric_events');
    const { rows: columns } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name = 'metric_events'
        AND column_name IN ('stage', 'visit_ms')
    `.execute(db);
    if (columns[0]?.n !== 2) continue;
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_visits ON ${events} (pipeline_id, stage, visit_ms)
      INCLUDE (owner_id, source, created_at, occurred_at) WHERE visit_ms IS NOT NULL
    `.execute(db);
    if (deferred.includes(schema)) continue;
    const { rows } = await sql<{ found: boolean }>`
      SELECT EXISTS (SELECT 1 FROM ${sql.id(schema, 'won_hist_cross')} WHERE measure LIKE 'visit:%') AS found
    `.execute(db);
    if (rows[0]?.found === true) continue;
    for (const t of DAILY_HISTOGRAMS) {
      const key = [
        'pipeline_id',
        'rollup',
        ...t.days,
        'owner_id',
        'source',
        'currency',
        'measure',
        'bucket',
      ];
      const days = t.days.map((d) =>
        d === 'cohort_day'
          ? `(created_at AT TIME ZONE 'UTC')::date`
          : `(occurred_at AT TIME ZONE 'UTC')::date`,
      );
      await sql`
        INSERT INTO ${sql.id(schema, t.name)} (${sql.raw(key.join(', '))}, n, total)
        SELECT pipeline_id, r.rollup, ${sql.raw(days.join(', '))},
          CASE WHEN r.rollup & 1 = 1 THEN '' ELSE owner_id END,
          CASE WHEN r.rollup & 2 = 2 THEN '' ELSE source END,
          '', 'visit:' || stage, width_bucket(visit_ms, ${bounds}), count(*), sum(visit_ms)
        FROM ${events} CROSS JOIN (VALUES (0), (1), (2), (3)) AS r(rollup)
        WHERE visit_ms IS NOT NULL
        GROUP BY ${sql.raw(key.map((_, i) => String(i + 1)).join(', '))}
      `.execute(db);
    }
  }
}

/**
 * Monthly cells beside the single-axis daily ones, in every existing read-model version: a
 * window's whole months are then read from ~30 × fewer rows. Each key puts owner and source
 * before the month (`pipeline_id, rollup, owner_id, source, <axis>_month, …`), so one owner's
 * cells are adjacent. The tables are filled by grouping their daily twins by month (a version
 * whose daily tables still wait for a rebuild's deferred build has none yet; the build fills
 * both). With them, the partial days of events are read index-only (`coverPartialDays`). New
 * versions get the same from `readModelDdl`. Idempotent per table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await coverPartialDays(db);
  await addVisitCells(db);
  for (const t of TABLES) {
    const exists = await readModelSchemasWith(db, t.name);
    for (const schema of await readModelSchemasWith(db, t.daily)) {
      if (exists.includes(schema)) continue;
      const { rows: valueRows } = await sql<{ name: string }>`
        SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = ${t.daily} AND data_type = 'bigint'
        ORDER BY ordinal_position
      `.execute(db);
      const values = valueRows.map((c) => c.name);
      const month = `${t.axis}_month`;
      const rest = t.hist ? ['currency', 'measure', 'bucket'] : ['stage', 'currency', 'reason'];
      const key = ['pipeline_id', 'rollup', 'owner_id', 'source', month, ...rest];
      const types: Record<string, string> = { rollup: 'smallint', bucket: 'int', [month]: 'date' };
      const columns = [
        ...key.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`),
        ...values.map((v) => `${v} bigint NOT NULL DEFAULT 0`),
      ];
      const table = sql.id(schema, t.name);
      await sql`
        CREATE TABLE ${table} (
          ${sql.raw(columns.join(', '))},
          PRIMARY KEY (${sql.raw(key.join(', '))}) INCLUDE (${sql.raw(values.join(', '))})
        ) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,
          autovacuum_vacuum_insert_scale_factor = 0.02)
      `.execute(db);
      const select = key.map((k) => (k === month ? `date_trunc('month', ${t.axis}_day)::date` : k));
      const sums = values.map((v) => `sum(${v})`);
      await sql`
        INSERT INTO ${table} (${sql.raw([...key, ...values].join(', '))})
        SELECT ${sql.raw([...select, ...sums].join(', '))}
        FROM ${sql.id(schema, t.daily)}
        GROUP BY ${sql.raw(key.map((_, i) => String(i + 1)).join(', '))}
        HAVING ${sql.raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
        ORDER BY ${sql.raw(key.map((_, i) => String(i + 1)).join(', '))}
      `.execute(db);
      await sql`ANALYZE ${table}`.execute(db);
    }
  }
}
