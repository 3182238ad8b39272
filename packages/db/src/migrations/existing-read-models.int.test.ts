import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DbHandle } from '../create-db.js';
import { migrateToLatest } from '../migrate-to-latest.js';
import { migrations } from '../migrations.js';
import { createEmptyDatabase, type EmptyDatabase } from '../testing/empty-database.js';
import { up as addAppliedPosition } from './0011_applied_position.js';

// A database at 0005 with a read-model version in the shape that shipped then.
let empty: EmptyDatabase;
let handle: DbHandle;

beforeAll(async () => {
  empty = await createEmptyDatabase('db_m0006', 2);
  handle = empty.handle;
});

afterAll(() => empty.drop());

it('brings existing read-model versions to the new shape (dead letters, won rows index), rows kept', async () => {
  const migrator = new Migrator({
    db: handle.db,
    migrationTableName: 'kysely_migration',
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  expect((await migrator.migrateTo('0005_projection_versions')).error).toBeUndefined();
  await sql`CREATE SCHEMA rm_v1`.execute(handle.db);
  await sql`
    CREATE TABLE rm_v1.parked_events (
      id bigserial PRIMARY KEY, topic text NOT NULL, partition int NOT NULL,
      "offset" bigint NOT NULL, lead_id text, error_code text NOT NULL, error text NOT NULL,
      key bytea, value bytea, headers jsonb NOT NULL DEFAULT '{}',
      parked_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'retried', 'discarded')),
      UNIQUE (topic, partition, "offset"))
  `.execute(handle.db);
  await sql`
    CREATE TABLE rm_v1.metric_events (
      pipeline_id text NOT NULL, owner_id text NOT NULL, source text NOT NULL,
      created_at timestamptz NOT NULL, occurred_at timestamptz NOT NULL, currency text NOT NULL,
      won smallint NOT NULL DEFAULT 0, won_amount bigint NOT NULL DEFAULT 0, cycle_ms bigint)
  `.execute(handle.db);
  await sql`
    CREATE INDEX metric_events_won ON rm_v1.metric_events (pipeline_id, created_at) WHERE won <> 0
  `.execute(handle.db);
  await sql`
    INSERT INTO rm_v1.parked_events (topic, partition, "offset", error_code, error)
    VALUES ('t', 0, 7, 'gap', 'version 3 after 1')
  `.execute(handle.db);

  expect(await migrateToLatest(handle.db)).toEqual([
    '0006_parked_event_resolution',
    '0007_won_rows_covering_index',
    '0008_lead_snapshots',
    '0009_idempotency_results',
    '0010_append_commands',
    '0011_applied_position',
    '0012_won_histograms',
    '0013_owner_source_rollups',
    '0014_lead_lists',
    '0015_lead_list_covering_indexes',
    '0016_lead_keys',
    '0017_monthly_cells',
    '0018_lead_words',
    '0019_series_cells',
    '0020_won_amount_by_size',
    '0021_histogram_cells_by_measure',
    '0022_visits_in_occurred_cover',
    '0023_visits_by_created',
    '0024_fine_histogram',
    '0025_activity_hourly',
    '0026_won_rows_by_occurred',
    '0027_created_cover',
    '0028_metric_total',
    '0029_series_by_creation_month',
    '0030_hourly_histogram',
    '0031_won_stats_total',
    '0032_visit_bucket_indexes',
    '0033_amount_bucket_indexes',
    '0034_cycle_bucket_index',
    '0035_fine_monthly',
  ]);

  const { rows } = await sql<Record<string, unknown>>`
    SELECT "offset", error_code, attempts, resolved_at, note, dlq_published_at
    FROM rm_v1.parked_events
  `.execute(handle.db);
  expect(rows).toEqual([
    {
      offset: 7,
      error_code: 'gap',
      attempts: 0,
      resolved_at: null,
      note: null,
      dlq_published_at: null,
    },
  ]);
  const { rows: indexes } = await sql<{ indexname: string }>`
    SELECT indexname FROM pg_indexes WHERE schemaname = 'rm_v1' ORDER BY indexname
  `.execute(handle.db);
  const names = indexes.map((i) => i.indexname);
  expect(names).toContain('parked_events_dlq_pending');
  // The won rows' covering index replaces the narrow one; autovacuum follows inserts closely.
  expect(names).toContain('metric_events_won_cover');
  expect(names).not.toContain('metric_events_won');
  // The amounts of won rows are read by size, a win taken back with the wins.
  const { rows: amountIndex } = await sql<{ def: string }>`
    SELECT indexdef AS def FROM pg_indexes
    WHERE schemaname = 'rm_v1' AND indexname = 'metric_events_won_amount'
  `.execute(handle.db);
  expect(amountIndex[0]?.def).toContain('(pipeline_id, currency, abs(won_amount))');
  const { rows: options } = await sql<{ reloptions: string[] }>`
    SELECT reloptions FROM pg_class WHERE oid = 'rm_v1.metric_events'::regclass
  `.execute(handle.db);
  expect(options[0]?.reloptions).toContain('autovacuum_vacuum_insert_scale_factor=0.02');
});

it('gives every existing read-model version its applied position, starting at 0', async () => {
  await sql`CREATE SCHEMA rm_v2`.execute(handle.db);
  await sql`CREATE TABLE rm_v2.leads (lead_id text PRIMARY KEY)`.execute(handle.db);
  await sql`CREATE TABLE rm_v1.leads (lead_id text PRIMARY KEY)`.execute(handle.db);
  // Re-running the migration (as a fresh version would) must be harmless.
  await addAppliedPosition(handle.db as unknown as Kysely<unknown>);
  await sql`UPDATE rm_v2.applied_position SET position = 5`.execute(handle.db);
  await addAppliedPosition(handle.db as unknown as Kysely<unknown>);
  for (const [schema, expected] of [
    ['rm_v1', '0'],
    ['rm_v2', '5'],
  ] as const) {
    const { rows } = await sql<{ position: string }>`
      SELECT position::text AS position FROM ${sql.id(schema, 'applied_position')}
    `.execute(handle.db);
    expect(rows).toEqual([{ position: expected }]);
  }
});
