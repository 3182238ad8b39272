import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateToLatest } from '@dealflow/db';
import { startPostgres, stopPostgres } from '@dealflow/infra';
import { commandsFromHistory, freePort, waitFor, type TestDatabase } from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectAcceptedStored,
  expectExactReadModels,
  expectWholeEventStore,
  randomPause,
  storedEvents,
} from './faults-checks.js';
import { streamCommands } from './faults-driver.js';
import { recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

// A cluster of this test's own: stopping the run's shared Postgres would break other test files.
// Not a mkdtemp folder: as root the server runs as `postgres`, which cannot enter a 0700 folder.
const pgDir = join(tmpdir(), `dealflow-faults-pg-${randomBytes(4).toString('hex')}`);
let port = 0;
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (port) await stopPostgres({ dir: pgDir, port });
  rmSync(pgDir, { recursive: true, force: true });
});

/** A migrated database on the test's own cluster, shaped like the testkit's per-file database. */
async function ownDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = 'dealflow_faults';
  const admin = createDb({ url: serverUrl, max: 1 });
  try {
    await admin.pool.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ url: url.toString(), max: 4 });
  await migrateToLatest(handle.db);
  // The whole cluster is thrown away afterwards; dropping the database first would gain nothing.
  return { ...handle, url: url.toString(), name, drop: handle.close };
}

describe('fault: Postgres restarted under load', () => {
  it('answers 503 unavailable with Retry-After while down, recovers by itself, loses nothing', async () => {
    port = await freePort();
    const pg = await startPostgres({ dir: pgDir, port, fast: true });
    stack = await startStack({ database: await ownDatabase(pg.url), partitions: 3 });
    const s = stack;
    const events = recentHistory(202, 500);
    const stream = streamCommands(() => s.command.url, commandsFromHistory(events));

    await waitFor(() => stream.live.accepted.length > events.length / 4, {
      timeoutMs: 60_000,
      message: 'a quarter of the commands accepted',
    });
    expect(await stopPostgres({ dir: pgDir, port })).toBe(true);
    await waitFor(() => stream.live.unavailable >= 8, {
      timeoutMs: 30_000,
      message: '503 unavailable answers while Postgres is down',
    }).catch((err: unknown) => {
      // What the clients saw and the command service's last words: a crash shows up here.
      console.error(JSON.stringify({ ...stream.live, accepted: stream.live.accepted.length }));
      console.error(s.command.output().slice(-6000));
      throw err;
    });
    // Stay down a little longer, so the relay and projector also meet the outage mid-work.
    await randomPause(2_000, 3_000);
    await startPostgres({ dir: pgDir, port, fast: true });

    // No service process is restarted: the command API, relay and projector recover on their own.
    const outcome = await stream.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.malformedUnavailable).toEqual([]);
    expect(outcome.unavailable).toBeGreaterThanOrEqual(8);
    expect(outcome.accepted).toHaveLength(events.length);
    await s.waitForProjection(90_000);
    await expectWholeEventStore(s.db.db);
    const stored = await storedEvents(s.db.db);
    expect(stored).toHaveLength(events.length);
    expectAcceptedStored(outcome.accepted, stored);
    await expectExactReadModels(s, events);
  }, 240_000);
});
