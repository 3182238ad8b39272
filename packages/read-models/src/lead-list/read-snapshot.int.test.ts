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

const settings = sql<{ iso: string; ro: string; workers: string; jit: string }>`
  SELECT current_setting('transaction_isolation') AS iso,
    current_setting('transaction_read_only') AS ro,
    current_setting('max_parallel_workers_per_gather') AS workers,
    current_setting('jit') AS jit`;

it('reads in one read-only repeatable-read snapshot without parallel workers or JIT', async () => {
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
  });
  // The settings were the transaction's own.
  const { rows } = await settings.execute(one.db);
  expect(rows[0]).toMatchObject({ iso: 'read committed', ro: 'off' });
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
