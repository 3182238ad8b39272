import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * Runs `fill` on `tables` of `schema` with their primary keys dropped, then adds the keys back
 * as they were (`pg_get_constraintdef`: columns, `INCLUDE`, options). Millions of rows inserted
 * in hash order into a B-tree cost several times one sorted build of it afterwards. Adding a
 * key checks it, so a fill that wrote a key twice fails and its transaction leaves nothing.
 *
 * Run it inside the transaction that fills the tables: nobody else reads or writes them
 * meanwhile (the drop takes an exclusive lock until the commit). `fill` must not rely on the
 * keys (no `ON CONFLICT`).
 *
 * @example await fillWithoutKeys(trx, 'rm_v3', ['won_hist_cross'], () => fillCrossHistogram(trx, 'rm_v3'));
 */
export async function fillWithoutKeys<T>(
  db: QueryExecutorProvider,
  schema: string,
  tables: readonly string[],
  fill: () => Promise<T>,
): Promise<T> {
  const { rows: keys } = await sql<{ table: string; name: string; definition: string }>`
    SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'p' AND n.nspname = ${schema} AND c.relname = ANY(${[...tables]}::text[])
    ORDER BY c.relname
  `.execute(db);
  for (const key of keys) {
    await sql`ALTER TABLE ${sql.id(schema, key.table)} DROP CONSTRAINT ${sql.id(key.name)}`.execute(
      db,
    );
  }
  const result = await fill();
  await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
  for (const key of keys) {
    // The definition comes from the catalog, never from input.
    await sql`ALTER TABLE ${sql.id(schema, key.table)} ADD CONSTRAINT ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(
      db,
    );
  }
  return result;
}
