import type { Buffer } from 'node:buffer';
import { sql, type QueryExecutorProvider } from 'kysely';
import { readModelSchemaName } from '../read-model-schema.js';

/** A record the projection cannot apply, with where it came from, why, and its bytes. */
export interface NewParkedEvent {
  /** The stream it was read from: a Kafka topic, or the events table's replay stream. */
  topic: string;
  partition: number;
  offset: number;
  /** The lead it belongs to, so its later events wait behind it; null when unknown. */
  leadId: string | null;
  /** A decode error code (`invalid_json`, …) or a fold park code (`gap`, …). */
  code: string;
  error: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));

/**
 * Stores dead letters with their original bytes in one statement. A record parked before (same
 * topic, partition, offset) stays as it was, so a redelivery is harmless.
 */
export async function parkEvents(
  db: QueryExecutorProvider,
  version: number,
  parked: readonly NewParkedEvent[],
): Promise<void> {
  if (parked.length === 0) return;
  const col = <T>(pick: (p: NewParkedEvent) => T): T[] => parked.map(pick);
  await sql`
    INSERT INTO ${sql.id(readModelSchemaName(version), 'parked_events')}
      (topic, partition, "offset", lead_id, error_code, error, key, value, headers)
    SELECT p.topic, p.partition, p.o, p.lead_id, p.code, p.error,
      decode(p.k, 'hex'), decode(p.v, 'hex'), p.h::jsonb
    FROM unnest(
      ${col((p) => p.topic)}::text[],
      ${col((p) => p.partition)}::int[],
      ${col((p) => p.offset)}::bigint[],
      ${col((p) => p.leadId)}::text[],
      ${col((p) => p.code)}::text[],
      ${col((p) => p.error)}::text[],
      ${col((p) => hex(p.key))}::text[],
      ${col((p) => hex(p.value))}::text[],
      ${col((p) => JSON.stringify(p.headers))}::text[]
    ) AS p(topic, partition, o, lead_id, code, error, k, v, h)
    ON CONFLICT (topic, partition, "offset") DO NOTHING
  `.execute(db);
}
