import type { Database } from '@dealflow/db';
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';

/**
 * Runs `read` on one connection inside a read-only repeatable-read transaction (one snapshot
 * for every statement), without parallel workers or JIT compilation: starting workers costs
 * more than the short index walks of a list page and, on a busy machine, is most of its
 * latency; JIT pays off only on long scans, which no page makes. The transaction and its
 * settings start in a single round trip (one simple-protocol message), where a query builder's
 * transaction takes two; each round trip is one more chance to wait for a busy CPU.
 */
export async function readSnapshot<T>(
  db: Kysely<Database>,
  read: (conn: QueryExecutorProvider) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql
      .raw(
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ' +
          'SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off',
      )
      .execute(conn);
    let result: T;
    try {
      result = await read(conn);
    } catch (error) {
      // A failed rollback means a broken connection: the read's own error says more.
      await sql
        .raw('ROLLBACK')
        .execute(conn)
        .catch(() => undefined);
      throw error;
    }
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}
