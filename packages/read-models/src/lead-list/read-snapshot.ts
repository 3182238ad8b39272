import type { Database } from '@dealflow/db';
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';

/**
 * Runs `read` on one connection inside a read-only repeatable-read transaction (one snapshot
 * for every statement), without parallel workers or JIT compilation: starting workers costs
 * more than the short index walks of a list page and, on a busy machine, is most of its
 * latency; JIT pays off only on long scans, which no page makes. Every statement is planned
 * for its own values (`force_custom_plan`), prepared or not: a page's best path depends on
 * them (how selective a filter is, where the cursor stands), and the generic plan Postgres
 * settles on after five runs of one text walked the whole sort index for an amount range past
 * the first page (25.6 ms a page at 1 M leads, 3.7 ms planned each time). The transaction and
 * its settings start in a single round trip (one simple-protocol message), where a query
 * builder's transaction takes two; each round trip is one more chance to wait for a busy CPU.
 */
export async function readSnapshot<T>(
  db: Kysely<Database>,
  read: (conn: QueryExecutorProvider) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql
      .raw(
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ' +
          'SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off; ' +
          'SET LOCAL plan_cache_mode = force_custom_plan',
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
