import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';

/** What a redaction rewrote. */
export interface Redacted {
  events: number;
  snapshots: number;
}

/** The name an event or snapshot keeps once its plaintext is removed (a name is required). */
export const REDACTED_NAME = '[erased]';

/**
 * Removes the plaintext personal fields of an ERASED lead from the events table and its
 * snapshot: events written before personal data was sealed hold them in the clear, which
 * deleting the key cannot reach. Only plaintext is rewritten (sealed values stay: without the
 * key they are noise); `company` is dropped, `name` becomes {@link REDACTED_NAME}. One
 * transaction; a lead that is not erased is refused (erase it first: the tombstone is what makes
 * every reader show it as erased). Kafka is not reached: see docs/erasure.md.
 *
 * @example await redactLegacyPersonalData(db, 'lead-42') // { events: 1, snapshots: 1 }
 */
export async function redactLegacyPersonalData(
  db: Kysely<Database>,
  leadId: string,
): Promise<Redacted> {
  return db.transaction().execute(async (trx) => {
    const key = await trx
      .selectFrom('lead_keys')
      .select(['key', 'erased_at'])
      .where('lead_id', '=', leadId)
      .forUpdate()
      .executeTakeFirst();
    if (key?.erased_at == null) {
      throw new Error(`lead ${leadId} is not erased: erase it first (POST /v1/leads/{id}/erase)`);
    }
    const events = await sql`
      UPDATE events SET data = jsonb_set(data - 'company', '{name}', to_jsonb(${REDACTED_NAME}::text))
      WHERE lead_id = ${leadId} AND type = 'LeadCreated'
        AND (data->>'name' NOT LIKE 'enc:%' OR data->>'company' NOT LIKE 'enc:%')
        AND (data->>'name' <> ${REDACTED_NAME} OR data ? 'company')
    `.execute(trx);
    const snapshots = await sql`
      UPDATE lead_snapshots
      SET state = jsonb_set(state, '{name}', to_jsonb(${REDACTED_NAME}::text)) || '{"company": null}'
      WHERE lead_id = ${leadId}
        AND ((state->>'name' NOT LIKE 'enc:%' AND state->>'name' <> ${REDACTED_NAME})
             OR state->>'company' NOT LIKE 'enc:%')
    `.execute(trx);
    return {
      events: Number(events.numAffectedRows ?? 0),
      snapshots: Number(snapshots.numAffectedRows ?? 0),
    };
  });
}
