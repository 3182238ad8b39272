import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/**
 * Every read-model version gets its applied position: a one-row counter that each transaction
 * writing the version's numbers moves forward, from which the query service derives its
 * `ETag`s. Existing versions start at 0 (their numbers are whatever they hold now; the next
 * write moves it). New versions get the same from `readModelDdl`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'leads')) {
    const table = sql.id(schema, 'applied_position');
    await sql`
      CREATE TABLE IF NOT EXISTS ${table} (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        position bigint NOT NULL DEFAULT 0
      )
    `.execute(db);
    await sql`
      INSERT INTO ${table} (singleton, position) VALUES (true, 0) ON CONFLICT (singleton) DO NOTHING
    `.execute(db);
  }
}
