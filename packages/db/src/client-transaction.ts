import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type pg from 'pg';
import type { Database } from './database.js';

/** The pg pool under each kysely instance `createDb` made. */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** Records that `db` runs on `pool` (done by `createDb`). */
export function registerPool(db: Kysely<Database>, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** Per pooled pg client (the pool reuses them), a kysely bound to it alone: made once each. */
const onClient = new WeakMap<pg.PoolClient, Kysely<Database>>();

function kyselyOn(client: pg.PoolClient): Kysely<Database> {
  let db = onClient.get(client);
  if (db === undefined) {
    // Kysely releases its connection after each transaction; the lease keeps the client
    // checked out until `transactionWithClient` is done with it.
    const lease = { query: client.query.bind(client), release: () => undefined };
    db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: { connect: () => Promise.resolve(lease), end: () => Promise.resolve() },
      }),
    });
    onClient.set(client, db);
  }
  return db;
}

/**
 * Runs `fn` in one transaction and hands it the pg client the transaction runs on as well, for
 * what kysely cannot say (COPY). The client is checked out of `db`'s pool (a `createDb`
 * instance), driven through a kysely bound to it (made once per pooled client), and released
 * afterwards — destroyed instead when anything failed, since a connection that broke
 * mid-transaction must not be reused. For a
 * kysely instance made elsewhere, `client` is `undefined` and `fn` runs in `db.transaction()`.
 *
 * @example
 * await transactionWithClient(db, async (trx, client) => {
 *   await lockSomething(trx);
 *   if (client !== undefined) await copyRows(client, …);
 * });
 */
export async function transactionWithClient<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>, client: pg.PoolClient | undefined) => Promise<T>,
): Promise<T> {
  const pool = pools.get(db);
  if (pool === undefined) return db.transaction().execute((trx) => fn(trx, undefined));
  const client = await pool.connect();
  const single = kyselyOn(client);
  let failed = false;
  try {
    return await single.transaction().execute((trx) => fn(trx, client));
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    client.release(failed);
  }
}
