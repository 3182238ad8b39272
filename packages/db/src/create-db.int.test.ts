import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './create-db.js';

const url = inject('databaseUrl');
const handle = createDb({ url, max: 2 });
const admin = createDb({ url, max: 1 });
afterAll(async () => {
  await handle.close();
  await admin.close();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createDb under a server-side disconnect', () => {
  // A Postgres restart terminates every backend. A checked-out client that is between two
  // queries (mid-transaction) has no pool listener; its unhandled 'error' used to crash the
  // whole service (found by the Postgres-restart fault test).
  it('survives the termination of a checked-out connection and recovers', async () => {
    const client = await handle.pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]?.pid;
    await admin.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    for (let i = 0; i < 100; i++) {
      const alive = await admin.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (alive.rowCount === 0) break;
      await pause(20);
    }
    await pause(100); // let the FATAL message reach the idle client's socket
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release();
    const { rows: after } = await handle.pool.query<{ one: number }>('SELECT 1 AS one');
    expect(after).toEqual([{ one: 1 }]);
  });
});

describe('createDb server settings', () => {
  it('applies them to every connection of the pool', async () => {
    const tuned = createDb({ url, max: 2, serverSettings: { jit: 'off', work_mem: '8MB' } });
    try {
      const { rows } = await tuned.pool.query<{ jit: string; work_mem: string }>(
        "SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem",
      );
      expect(rows).toEqual([{ jit: 'off', work_mem: '8MB' }]);
    } finally {
      await tuned.close();
    }
  });
});
