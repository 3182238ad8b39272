import { createDb, type DbHandle } from '@dealflow/db';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSnapshot } from './read-snapshot.js';

let tdb: TestDatabase;
let one: DbHandle;
beforeAll(async () => {
  tdb = await createTestDatabase('rm_read_snapshot');
  // One connection, so each read below runs where the previous one left off.
  one = createDb({ url: tdb.url, max: 1 });
  await sql`CREATE TABLE snap (n int)`.execute(one.db);
});
afterAll(async () => {
  await one?.close();
  await tdb?.drop();
});

const settings = sql<{ iso: string; ro: string; workers: string; jit: string; plans: string }>`
  SELECT current_setting('transaction_isolation') AS iso,
    current_setting('transaction_read_only') AS ro,
    current_setting('max_parallel_workers_per_gather') AS workers,
    current_setting('jit') AS jit,
    current_setting('plan_cache_mode') AS plans`;

it('reads in one read-only repeatable-read snapshot without parallel workers, JIT or generic plans', async () => {
  const seen = await readSnapshot(one.db, async (conn) => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snap`.execute(conn);
    // A write committed elsewhere meanwhile stays out of the snapshot.
    await sql`INSERT INTO snap VALUES (1)`.execute(tdb.db);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snap`.execute(conn);
    const { rows } = await settings.execute(conn);
    return { before: before.rows[0]?.n, after: after.rows[0]?.n, ...rows[0] };
  });
  expect(seen).toEqual({
    before: 0,
    after: 0,
    iso: 'repeatable read',
    ro: 'on',
    workers: '0',
    jit: 'off',
    plans: 'force_custom_plan',
  });
  // The settings were the transaction's own.
  const { rows } = await settings.execute(one.db);
  expect(rows[0]).toMatchObject({ iso: 'read committed', ro: 'off', plans: 'auto' });
  expect(rows[0]?.workers).not.toBe('0');
});

it('rolls back a failed read and hands the connection back usable', async () => {
  await expect(
    readSnapshot(one.db, async (conn) => {
      await sql`SELECT 1 / 0`.execute(conn);
    }),
  ).rejects.toThrow(/division by zero/);
  const n = await readSnapshot(one.db, async (conn) => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snap`.execute(conn);
    return rows[0]?.n;
  });
  expect(n).toBe(1);
  await expect(
    readSnapshot(one.db, async (conn) => {
      await sql`INSERT INTO snap VALUES (2)`.execute(conn);
    }),
  ).rejects.toThrow(/read-only transaction/);
});

it('plans a prepared statement for its values at every run, never generically', async () => {
  // The query service's pool: each parameterised text a named prepared statement.
  const prepared = createDb({ url: tdb.url, max: 1, preparedStatements: 8 });
  try {
    for (let i = 0; i < 8; i++) {
      await readSnapshot(prepared.db, (conn) =>
        sql`SELECT count(*) FROM snap WHERE n > ${i}`.execute(conn),
      );
    }
    const { rows } = await sql<{ generic: string; custom: string }>`
      SELECT generic_plans::text AS generic, custom_plans::text AS custom
      FROM pg_prepared_statements WHERE statement LIKE '%FROM snap WHERE n >%'
    `.execute(prepared.db);
    // Postgres settles on a generic plan after five custom ones when it costs no more.
    expect(rows).toEqual([{ generic: '0', custom: '8' }]);
  } finally {
    await prepared.close();
  }
});
