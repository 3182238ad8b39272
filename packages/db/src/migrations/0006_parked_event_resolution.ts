import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/**
 * Dead letters get a life cycle: how often ops retried one, when it was resolved (retried or
 * discarded) and with what note, and when it was published to the dead-letter topic. Versions
 * created from now on get these columns from `readModelDdl`; this brings the existing ones
 * (schemas `rm_v<N>` of `projection_versions`) up to the same shape.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'parked_events')) {
    await sql`
      ALTER TABLE ${sql.id(schema, 'parked_events')}
        ADD COLUMN IF NOT EXISTS attempts int NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS resolved_at timestamptz,
        ADD COLUMN IF NOT EXISTS note text,
        ADD COLUMN IF NOT EXISTS dlq_published_at timestamptz
    `.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS parked_events_dlq_pending
      ON ${sql.id(schema, 'parked_events')} (id) WHERE dlq_published_at IS NULL
    `.execute(db);
  }
}
