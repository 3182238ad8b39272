import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { registerPool } from './client-transaction.js';
import type { Database } from './database.js';
import { prepareStatements } from './prepared-statements.js';
import { safeInt8Types } from './safe-int8-types.js';

/** Options of `createDb`. */
export interface CreateDbOptions {
  /** `postgres://user:password@host:port/database`; its query parameters win over the options below. */
  url: string;
  /** Pool size (default 10). */
  max?: number;
  /** Shown in `pg_stat_activity` (default `dealflow`). */
  applicationName?: string;
  /** Server-side `statement_timeout` per connection; unset keeps the server's default. */
  statementTimeoutMs?: number;
  /** Server settings of every connection (`SET name = value` at connect), e.g. `{ jit: 'off' }`. */
  serverSettings?: Readonly<Record<string, string>>;
  /**
   * Runs up to this many distinct parameterised statements per connection as named prepared
   * statements (see `prepareStatements`); unset or 0 prepares none.
   */
  preparedStatements?: number;
  /** Receives errors of idle pooled connections (the pool replaces them). */
  logger?: Logger;
}

/** A database handle: the kysely instance, the pg pool under it, and how to close both. */
export interface DbHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  /** Ends the pool once in-flight queries finish; safe to call more than once (and to destructure). */
  close: () => Promise<void>;
}

/**
 * Creates a pg pool and a kysely instance over it. `bigint` columns read as JS numbers (see
 * `safeInt8Types`), timestamps as `Date`, `jsonb` as parsed JSON.
 *
 * @example
 * const { db, close } = createDb({ url: config.DATABASE_URL, max: config.DATABASE_POOL_MAX });
 * const count = await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
 * await close();
 */
export function createDb(options: CreateDbOptions): DbHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'dealflow',
    statement_timeout: options.statementTimeoutMs,
    ...(options.serverSettings !== undefined && {
      options: Object.entries(options.serverSettings)
        .map(([name, value]) => `-c ${name}=${value}`)
        .join(' '),
    }),
    types: safeInt8Types,
  });
  // Without a listener, an idle client's error (e.g. the server restarting) crashes the process.
  pool.on('error', (error) => {
    options.logger?.warn({ err: error }, 'idle postgres connection failed; the pool replaces it');
  });
  // The pool's listener is removed while a client is checked out, so a server shutdown between
  // two queries of a transaction would crash the process too. With this one the client's next
  // query fails instead (a 503 at the edge) and the pool discards the client on release.
  pool.on('connect', (client) => {
    if (options.preparedStatements) prepareStatements(client, options.preparedStatements);
    client.on('error', (error) => {
      options.logger?.debug({ err: error }, 'checked-out postgres connection failed');
    });
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  registerPool(db, pool);
  let closing: Promise<void> | undefined;
  return { db, pool, close: () => (closing ??= db.destroy()) };
}
