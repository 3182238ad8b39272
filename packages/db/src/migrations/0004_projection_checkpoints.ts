import { sql, type Kysely } from 'kysely';

/** Per projection and topic-partition, the next Kafka offset to consume. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projection_checkpoints')
    .addColumn('projection', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull().check(sql`partition >= 0`))
    .addColumn('next_offset', 'bigint', (c) => c.notNull().check(sql`next_offset >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('projection_checkpoints_pkey', ['projection', 'topic', 'partition'])
    .execute();
}
