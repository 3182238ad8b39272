import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../create-db.js';

/** A database of its own, empty (not the test kit's migrated template), and how to drop it. */
export interface EmptyDatabase {
  handle: DbHandle;
  drop(): Promise<void>;
}

/**
 * Creates an empty database named `<prefix>_<random>` on the test server, for tests of the
 * migrations themselves.
 */
export async function createEmptyDatabase(prefix: string, max = 4): Promise<EmptyDatabase> {
  const serverUrl = inject('databaseUrl') ?? process.env.DATABASE_URL;
  if (serverUrl === undefined) throw new Error('no databaseUrl provided and DATABASE_URL unset');
  const urlOf = (database: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const onServer = async (statement: string) => {
    const admin = createDb({ url: urlOf('postgres'), max: 1 });
    try {
      await admin.pool.query(statement);
    } finally {
      await admin.close();
    }
  };
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const handle = createDb({ url: urlOf(name), max });
  return {
    handle,
    async drop() {
      await handle.close();
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
