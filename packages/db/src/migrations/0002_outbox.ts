import { sql, type Kysely } from 'kysely';

/** The transactional outbox the relay drains (rows are deleted once published). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('position', 'bigint', (c) => c.primaryKey().references('events.position'))
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('enqueued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
