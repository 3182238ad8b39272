import { sql, type Kysely } from 'kysely';

/**
 * Read-model versions: each lives in its own schema (`rm_v<N>`) with its own checkpoints; exactly
 * one is `live` (served by the query API, fed by the live projector) — a partial unique index
 * makes a second live version impossible, so a switch is one transaction that retires the old
 * and activates the new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projection_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey().check(sql`version >= 1`))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state IN ('live', 'building', 'retired', 'failed')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('activated_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('source', 'text')
    .addColumn('error', 'text')
    .execute();
  await sql`CREATE UNIQUE INDEX projection_versions_one_live ON projection_versions ((true)) WHERE state = 'live'`.execute(
    db,
  );
}
