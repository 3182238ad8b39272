import { Buffer } from 'node:buffer';
import type { Database } from '@dealflow/db';
import { parseEvent, type DecodeResult } from '@dealflow/events';
import {
  liveVersion,
  projectionName,
  readReplayHorizon,
  storeReplayHorizon,
} from '@dealflow/read-models';
import { sql, type Kysely } from 'kysely';
import type { PositionedRecord } from '../apply/positioned-record.js';

/**
 * The checkpoint "topic" of a replay from the events table, beside the version's Kafka
 * checkpoints: its partition 0 holds the next position to replay, moved by every page in the
 * page's own transaction.
 */
export const EVENTS_TABLE = '$events-table';

/** Where a replay from the events table stands. */
export interface EventsTableCursor {
  /** Next position to replay. */
  next: number;
  /** Only rows visible in this snapshot (`pg_snapshot` text) are replayed; later ones come from Kafka. */
  horizon: string;
}

/**
 * Prepares a new version for a replay from the events table, in its creation transaction:
 * 1. its Kafka checkpoints = the live version's (K), read first;
 * 2. then the horizon S = `pg_current_snapshot()`, kept in the version's schema.
 * The table phase replays the rows visible in S (a fixed set, and gap-free per lead: a lead's
 * event is decided only after its previous one committed), then the Kafka phase consumes from
 * K. Every record below K was applied live, so committed before S was taken, so it is in the
 * table phase; every row not visible in S committed after K was read, so the relay published
 * it at or above K. Records in both are duplicates, skipped by lead version. (A transaction-id
 * horizon such as `pg_snapshot_xmin` would not do: any long transaction anywhere in the cluster
 * holds it back, and rows committed above it but published below K would be lost.)
 */
export async function seedFromLive(
  trx: Kysely<Database>,
  version: number,
  topic: string,
): Promise<void> {
  const projection = projectionName(version);
  const live = await liveVersion(trx);
  if (live !== undefined) {
    await sql`
      INSERT INTO projection_checkpoints (projection, topic, partition, next_offset)
      SELECT ${projection}, topic, partition, next_offset FROM projection_checkpoints
      WHERE projection = ${projectionName(live)} AND topic = ${topic}
    `.execute(trx);
  }
  await sql`
    INSERT INTO projection_checkpoints (projection, topic, partition, next_offset)
    VALUES (${projection}, ${EVENTS_TABLE}, 0, 0)
  `.execute(trx);
  await storeReplayHorizon(trx, version);
}

/** The replay's cursor, as stored by {@link seedFromLive} and moved by each chunk. */
export async function readCursor(
  db: Kysely<Database>,
  version: number,
): Promise<EventsTableCursor> {
  const row = await db
    .selectFrom('projection_checkpoints')
    .select('next_offset')
    .where('projection', '=', projectionName(version))
    .where('topic', '=', EVENTS_TABLE)
    .where('partition', '=', 0)
    .executeTakeFirst();
  const horizon = await readReplayHorizon(db, version);
  if (row === undefined || horizon === undefined) {
    throw new Error(`version ${version} has no events-table cursor (not built from the table)`);
  }
  return { next: row.next_offset, horizon };
}

/** Rows of the horizon still to replay. */
export async function countRemaining(
  db: Kysely<Database>,
  cursor: EventsTableCursor,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM events
    WHERE position >= ${cursor.next} AND pg_visible_in_snapshot(tx_id, ${cursor.horizon}::pg_snapshot)
  `.execute(db);
  return rows[0]?.n ?? 0;
}

interface Row {
  position: number;
  lead_id: string;
  envelope: string;
  recorded_ms: number;
}

/** An envelope rebuilt by Postgres, read as the projector reads any event: upcast, validated. */
function parseEnvelope(text: string): DecodeResult {
  try {
    return parseEvent(JSON.parse(text));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: { code: 'invalid_json', message } };
  }
}

/**
 * One page of the replay, in position order: each row a record of partition 0 of
 * {@link EVENTS_TABLE} at offset = position. The envelope is rebuilt by Postgres as JSON text,
 * as the relay would publish it (kept as the record's value, should it park), then upcast and
 * validated like any event.
 */
export async function readPage(
  db: Kysely<Database>,
  cursor: EventsTableCursor,
  limit: number,
): Promise<PositionedRecord[]> {
  const { rows } = await sql<Row>`
    SELECT position, lead_id, json_build_object(
        'id', event_id, 'type', type, 'schemaVersion', schema_version, 'leadId', lead_id,
        'version', version, 'pipelineId', pipeline_id,
        'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'data', data, 'metadata', metadata)::text AS envelope,
      (extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_ms
    FROM events
    WHERE position >= ${cursor.next} AND pg_visible_in_snapshot(tx_id, ${cursor.horizon}::pg_snapshot)
    ORDER BY position
    LIMIT ${limit}
  `.execute(db);
  return rows.map((r): PositionedRecord => ({
    stream: EVENTS_TABLE,
    partition: 0,
    offset: Number(r.position),
    timestamp: r.recorded_ms,
    result: parseEnvelope(r.envelope),
    raw: {
      key: Buffer.from(r.lead_id, 'utf8'),
      value: Buffer.from(r.envelope, 'utf8'),
      headers: {},
    },
  }));
}
