import type { ConsumedMessage } from '@dealflow/kafka';
import { readModelSchemaName } from '@dealflow/read-models';
import { sql, type QueryExecutorProvider } from 'kysely';

/** A record the live projection cannot apply, with why. */
export interface ParkedRecord {
  message: ConsumedMessage;
  /** The lead it belongs to (the envelope's, else the record key), so its later events wait. */
  leadId: string | null;
  /** A decode error code (`invalid_json`, …) or a fold park code (`gap`, …). */
  code: string;
  error: string;
}

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));

/**
 * Stores parked records (dead letters) with their original bytes in one statement. A record
 * parked before (same topic, partition, offset) stays as it was, so redelivery is harmless.
 */
export async function parkRecords(
  db: QueryExecutorProvider,
  version: number,
  where: { topic: string; partition: number },
  parked: readonly ParkedRecord[],
): Promise<void> {
  if (parked.length === 0) return;
  const col = <T>(pick: (p: ParkedRecord) => T): T[] => parked.map(pick);
  await sql`
    INSERT INTO ${sql.id(readModelSchemaName(version), 'parked_events')}
      (topic, partition, "offset", lead_id, error_code, error, key, value, headers)
    SELECT ${where.topic}, ${where.partition}, p.o, p.lead_id, p.code, p.error,
      decode(p.k, 'hex'), decode(p.v, 'hex'), p.h::jsonb
    FROM unnest(
      ${col((p) => p.message.offset)}::bigint[],
      ${col((p) => p.leadId)}::text[],
      ${col((p) => p.code)}::text[],
      ${col((p) => p.error)}::text[],
      ${col((p) => hex(p.message.key))}::text[],
      ${col((p) => hex(p.message.value))}::text[],
      ${col((p) => JSON.stringify(p.message.headers))}::text[]
    ) AS p(o, lead_id, code, error, k, v, h)
    ON CONFLICT (topic, partition, "offset") DO NOTHING
  `.execute(db);
}
