import { sql, type Kysely } from 'kysely';

/**
 * An idempotency key stores the command's RESULT (the lead as the command left it and the
 * position of its last event), not an HTTP answer: the route alone turns a result into status
 * and headers, for the first answer and its replays alike. Existing answers are converted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE idempotency_keys ADD COLUMN result jsonb`.execute(db);
  await sql`
    UPDATE idempotency_keys SET result = response_body || jsonb_build_object(
      'lastPosition', coalesce((response_headers->>'x-dealflow-position')::bigint, 0))`.execute(db);
  await sql`
    ALTER TABLE idempotency_keys
      ALTER COLUMN result SET NOT NULL,
      DROP COLUMN status_code,
      DROP COLUMN response_body,
      DROP COLUMN response_headers`.execute(db);
}
