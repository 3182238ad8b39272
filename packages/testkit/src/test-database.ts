import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle } from '@dealflow/db';
import { inject } from 'vitest';

/** A database of one's own, cloned from the migrated template, dropped by `drop()`. */
export interface TestDatabase extends DbHandle {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Clones the migrated template into a fresh database for one test file.
 *
 * @example const tdb = await createTestDatabase(); afterAll(() => tdb.drop());
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = inject('databaseUrl');
  const template = inject('templateDatabase');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = createDb({ url: serverUrl, max: 1 });
  try {
    // Clones from one template serialise on it; retry while another clone holds it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.pool.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
      }
    }
  } finally {
    await admin.close();
  }
  const url = withDatabase(serverUrl, name);
  const handle = createDb({ url });
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      const a = createDb({ url: serverUrl, max: 1 });
      try {
        await a.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.close();
      }
    },
  };
}
