import { sql, type Kysely } from 'kysely';

/**
 * The read-model version schemas (`rm_v<N>`) that hold table `table`: what a core migration
 * that reshapes the read models brings up to date (new versions get the shape from their DDL).
 */
export async function readModelSchemasWith(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ schema: string }>`
    SELECT n.nspname AS schema
    FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
    WHERE n.nspname ~ '^rm_v[0-9]+$' AND c.relname = ${table} AND c.relkind = 'r'
  `.execute(db);
  return rows.map((r) => r.schema);
}

/**
 * The read-model version schemas whose `metric_events` has index `index`: the versions whose
 * secondary indexes are built (a rebuild's version gets them from its DDL when its bulk load
 * ends), which a migration adding an index beside it brings up to date.
 */
export async function readModelSchemasWithIndex(
  db: Kysely<unknown>,
  index: string,
): Promise<string[]> {
  const { rows } = await sql<{ schema: string }>`
    SELECT schemaname AS schema FROM pg_indexes
    WHERE schemaname ~ '^rm_v[0-9]+$' AND tablename = 'metric_events' AND indexname = ${index}
  `.execute(db);
  return rows.map((r) => r.schema);
}

/**
 * Replaces index `name` of `schema.metric_events` by one of `definition` (`(columns) INCLUDE
 * (…)`): built beside it under `<name>_next`, then the old one dropped and the new one renamed,
 * so reads keep an index throughout. Run inside the migration's transaction.
 */
export async function replaceIndex(
  db: Kysely<unknown>,
  schema: string,
  name: string,
  definition: string,
): Promise<void> {
  await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
  await sql`
    CREATE INDEX ${sql.id(`${name}_next`)} ON ${sql.id(schema, 'metric_events')} ${sql.raw(definition)}
  `.execute(db);
  await sql`DROP INDEX ${sql.id(schema, name)}`.execute(db);
  await sql`ALTER INDEX ${sql.id(schema, `${name}_next`)} RENAME TO ${sql.id(name)}`.execute(db);
}

/** A cell table a migration adds beside a finer one, and how it is summed from it. */
export interface SummedCellTable {
  name: string;
  /** The finer table it is summed from. */
  from: string;
  /** Its columns in the order of its DDL, each with its type (the values are bigint). */
  columns: readonly (readonly [name: string, type: string])[];
  /** Its primary key, in order. */
  key: readonly string[];
  values: readonly string[];
  /** How a key column is computed from the finer table's row; default, the same column. */
  select?: Readonly<Record<string, string>>;
}

/**
 * Adds `table` to every read-model version that has the table it is summed from and not it
 * yet, the values in the key's `INCLUDE` with the monthly cells' storage, filled by summing
 * the finer cells (keys summing to 0 get no row; written in key order). A version whose cells
 * wait for a rebuild's deferred build gets an empty table, which the build fills. Idempotent.
 */
export async function addSummedCellTable(db: Kysely<unknown>, table: SummedCellTable) {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const exists = await readModelSchemasWith(db, table.name);
  for (const schema of await readModelSchemasWith(db, table.from)) {
    if (exists.includes(schema)) continue;
    const into = sql.id(schema, table.name);
    const columns = [
      ...table.columns.map(([name, type]) => `${name} ${type} NOT NULL`),
      ...table.values.map((v) => `${v} bigint NOT NULL DEFAULT 0`),
    ];
    await sql`
      CREATE TABLE ${into} (
        ${sql.raw(columns.join(', '))},
        PRIMARY KEY (${sql.raw(table.key.join(', '))}) INCLUDE (${sql.raw(table.values.join(', '))})
      ) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.02)
    `.execute(db);
    if (!deferred.includes(schema)) {
      const select = table.key.map((k) => table.select?.[k] ?? k);
      const sums = table.values.map((v) => `sum(${v})`);
      const positions = sql.raw(table.key.map((_, i) => String(i + 1)).join(', '));
      await sql`
        INSERT INTO ${into} (${sql.raw([...table.key, ...table.values].join(', '))})
        SELECT ${sql.raw([...select, ...sums].join(', '))}
        FROM ${sql.id(schema, table.from)}
        GROUP BY ${positions}
        HAVING ${sql.raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
        ORDER BY ${positions}
      `.execute(db);
    }
    await sql`ANALYZE ${into}`.execute(db);
  }
}
