import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';

/**
 * Runs `read` in a transaction that is rolled back after, with the indexes `dropped` of
 * `schema.metric_events` gone and sequential scans off, so the rows can be reached only by the
 * paths left; returns what `read` returned and the JSON plan (`EXPLAIN (FORMAT JSON)`, as
 * text) of the first statement it sent whose text holds `marker`.
 *
 * @throws when `read` sent no statement holding `marker`
 */
export async function readWithoutIndexes<T>(
  pool: pg.Pool,
  schema: string,
  dropped: readonly string[],
  read: (trx: Transaction<unknown>) => Promise<T>,
  marker: string,
): Promise<{ result: T; plan: string }> {
  const statements: { sql: string; parameters: readonly unknown[] }[] = [];
  const logged = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') statements.push(e.query);
    },
  });
  const rolledBack = new Error('rolled back');
  let out: { result: T; plan: string } | undefined;
  try {
    await logged.transaction().execute(async (trx) => {
      for (const name of dropped) await sql`DROP INDEX ${sql.id(schema, name)}`.execute(trx);
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const result = await read(trx);
      const sent = statements.find((s) => s.sql.includes(marker));
      if (sent === undefined) throw new Error(`no statement holding ${marker} sent`);
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': unknown }>({
        sql: `EXPLAIN (FORMAT JSON) ${sent.sql}`,
        parameters: sent.parameters,
        query: { kind: 'RawNode' } as never,
        queryId: { queryId: 'explain' },
      });
      out = { result, plan: JSON.stringify(rows[0]?.['QUERY PLAN']) };
      throw rolledBack;
    });
  } catch (error) {
    if (error !== rolledBack) throw error;
  }
  if (out === undefined) throw new Error('the read did not finish');
  return out;
}

/**
 * A pattern of a JSON plan in which index `index` is entered at a bucket (`width_bucket` in its
 * index condition) and the first instant of a window on `column`: one range, not a walk.
 */
export const bucketRangeScan = (index: string, column: 'created_at' | 'occurred_at'): RegExp =>
  new RegExp(`"Index Name":"${index}"[^}]*"Index Cond":"[^"]*width_bucket[^"]*${column} >=`);
