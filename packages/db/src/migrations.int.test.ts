import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './create-db.js';
import type { NewEventRow } from './tables/events-table.js';
import { migrateToLatest } from './migrate-to-latest.js';
import { MigrationFailedError } from './migration-failed-error.js';
import { migrations } from './migrations.js';
import { RELAY_LOCK_KEY } from './relay-lock-key.js';
import { createEmptyDatabase, type EmptyDatabase } from './testing/empty-database.js';

// A fresh, empty database (not the testkit's migrated template): this file tests the migrations.
let empty: EmptyDatabase;
let handle: DbHandle;

function event(leadId: string, version: number): NewEventRow {
  return {
    event_id: randomUUID(),
    lead_id: leadId,
    version,
    type: 'LeadCreated',
    schema_version: 1,
    pipeline_id: 'default',
    occurred_at: new Date('2025-03-01T10:00:00Z'),
    data: { name: 'Ada', amount: { value: 1000, currency: 'EUR' } },
    metadata: { correlationId: 'c-1' },
  };
}

beforeAll(async () => {
  empty = await createEmptyDatabase('db_migrations');
  handle = empty.handle;
});

afterAll(() => empty.drop());

describe('migrateToLatest on a fresh database', () => {
  it('applies every core migration, in order', async () => {
    expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations));
  });

  it('is a no-op the second time', async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });

  it('creates the tables', async () => {
    const tables = await handle.db.introspection.getTables();
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'events',
        'outbox',
        'idempotency_keys',
        'projection_checkpoints',
        'projection_versions',
        'lead_snapshots',
      ]),
    );
  });

  it('allows one live read-model version at most', async () => {
    await handle.pool.query(
      `INSERT INTO projection_versions (version, state) VALUES (901, 'live')`,
    );
    await expect(
      handle.pool.query(`INSERT INTO projection_versions (version, state) VALUES (902, 'live')`),
    ).rejects.toMatchObject({ code: '23505' });
    await handle.pool.query(`DELETE FROM projection_versions WHERE version = 901`);
  });

  it('creates the unique constraints and the expiry index', async () => {
    const { rows } = await handle.pool.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid IN ('events'::regclass, 'outbox'::regclass, 'idempotency_keys'::regclass,
                           'projection_checkpoints'::regclass) AND contype IN ('p', 'u', 'f')
        UNION ALL
       SELECT indexname, indexdef FROM pg_indexes WHERE indexname = 'idempotency_keys_created_at_idx'`,
    );
    const definitions = Object.fromEntries(rows.map((row) => [row.name, row.definition]));
    expect(definitions).toMatchObject({
      events_pkey: 'PRIMARY KEY ("position")',
      events_event_id_key: 'UNIQUE (event_id)',
      events_lead_id_version_key: 'UNIQUE (lead_id, version)',
      outbox_pkey: 'PRIMARY KEY ("position")',
      outbox_position_fkey: 'FOREIGN KEY ("position") REFERENCES events("position")',
      idempotency_keys_pkey: 'PRIMARY KEY (scope, key)',
      projection_checkpoints_pkey: 'PRIMARY KEY (projection, topic, partition)',
    });
    expect(definitions.idempotency_keys_created_at_idx).toContain('(created_at)');
  });

  it('appends events with position (as a number), recorded_at and tx_id filled in', async () => {
    const row = await handle.db
      .insertInto('events')
      .values(event('lead-a', 1))
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(row.position).toBeTypeOf('number');
    expect(row.recorded_at).toBeInstanceOf(Date);
    expect(row.tx_id).toMatch(/^\d+$/);
    expect(row.data).toEqual({ name: 'Ada', amount: { value: 1000, currency: 'EUR' } });
    await handle.db
      .insertInto('outbox')
      .values({ position: row.position, lead_id: row.lead_id })
      .execute();
    const queued = await handle.db.selectFrom('outbox').selectAll().execute();
    expect(queued).toMatchObject([{ position: row.position, lead_id: 'lead-a' }]);
    expect(queued[0]?.enqueued_at).toBeInstanceOf(Date);
  });

  it('rejects a second event with the same (lead_id, version)', async () => {
    await expect(
      handle.db.insertInto('events').values(event('lead-a', 1)).execute(),
    ).rejects.toMatchObject({ code: '23505', constraint: 'events_lead_id_version_key' });
    await handle.db.insertInto('events').values(event('lead-a', 2)).execute();
  });

  it('rejects an outbox row for an event that does not exist', async () => {
    await expect(
      handle.db.insertInto('outbox').values({ position: 987654, lead_id: 'ghost' }).execute(),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('keys idempotency records by (scope, key)', async () => {
    const record = {
      key: 'k-1',
      request_hash: 'h',
      result: { leadId: 'lead-a', version: 1 },
    };
    await handle.db
      .insertInto('idempotency_keys')
      .values({ scope: 'POST /v1/leads', ...record })
      .execute();
    await handle.db
      .insertInto('idempotency_keys')
      .values({ scope: 'POST /v1/leads/x/win', ...record })
      .execute();
    await expect(
      handle.db
        .insertInto('idempotency_keys')
        .values({ scope: 'POST /v1/leads', ...record })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('stores checkpoints per (projection, topic, partition) with offsets as numbers', async () => {
    await handle.db
      .insertInto('projection_checkpoints')
      .values({ projection: 'funnel_v1', topic: 't', partition: 0, next_offset: 2 ** 40 })
      .execute();
    const row = await handle.db
      .selectFrom('projection_checkpoints')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.next_offset).toBe(2 ** 40);
    await expect(
      handle.db
        .insertInto('projection_checkpoints')
        .values({ projection: 'funnel_v1', topic: 't', partition: 0, next_offset: 3 })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('refuses to read an int8 beyond 2^53 as a number', async () => {
    await expect(sql`select 9007199254740993::int8 as n`.execute(handle.db)).rejects.toThrow(
      RangeError,
    );
  });
});

describe('RELAY_LOCK_KEY', () => {
  it('lets one session at a time hold the relay lock', async () => {
    const tryLock = sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${RELAY_LOCK_KEY}) as locked`;
    const [first, second] = [await handle.pool.connect(), await handle.pool.connect()];
    try {
      const query = tryLock.compile(handle.db);
      expect((await first.query(query.sql, [...query.parameters])).rows).toEqual([
        { locked: true },
      ]);
      expect((await second.query(query.sql, [...query.parameters])).rows).toEqual([
        { locked: false },
      ]);
    } finally {
      await first.query('select pg_advisory_unlock_all()');
      first.release();
      second.release();
    }
  });
});

describe('migrateToLatest with a service’s extra migrations', () => {
  const noteTable = {
    up: async (db: Parameters<typeof migrateToLatest>[0]) => {
      await db.schema.createTable('svc_note').addColumn('id', 'integer').execute();
    },
  };

  it('runs them after core, tracked apart, so a core-only run still succeeds', async () => {
    expect(await migrateToLatest(handle.db, { 'svc/0001_note': noteTable })).toEqual([
      'svc/0001_note',
    ]);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    expect(await migrateToLatest(handle.db, { 'svc/0001_note': noteTable })).toEqual([]);
  });

  it('rejects extra migrations without an owner prefix', async () => {
    await expect(migrateToLatest(handle.db, { '0005_oops': noteTable })).rejects.toThrow(
      MigrationFailedError,
    );
  });

  it('fails loudly, naming the migration, and rolls its group back', async () => {
    const broken = {
      up: async (db: Parameters<typeof migrateToLatest>[0]) => {
        await db.schema.createTable('svc_half').addColumn('id', 'integer').execute();
        await sql`select 1/0`.execute(db);
      },
    };
    const failure = migrateToLatest(handle.db, {
      'svc/0001_note': noteTable,
      'svc/0002_broken': broken,
    });
    await expect(failure).rejects.toMatchObject({
      name: 'MigrationFailedError',
      migration: 'svc/0002_broken',
    });
    await expect(failure).rejects.toThrow(/division by zero/);
    const tables = await handle.db.introspection.getTables();
    expect(tables.map((table) => table.name)).not.toContain('svc_half');
  });
});
