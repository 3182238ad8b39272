import type { Database, JsonObjectInput } from '@dealflow/db';
import type { LeadSnapshot, LeadState, PendingEvent } from '@dealflow/domain';
import {
  leadEventSchema,
  Money,
  SCHEMA_VERSIONS,
  type EventMetadata,
  type LeadEvent,
} from '@dealflow/events';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { readStream } from './event-store.js';
import { uuidv7 } from './uuidv7.js';

/**
 * The shape of `lead_snapshots.state`: the domain's `LeadSnapshot`, checked field for field (the
 * `satisfies` makes a new field of the snapshot a compile error here until it is added).
 */
const StoredSnapshot = z.strictObject({
  status: z.enum(['open', 'won', 'lost']),
  leadId: z.string(),
  pipelineId: z.string(),
  stage: z.string(),
  amount: Money,
  version: z.int().min(1),
  name: z.string(),
  company: z.string().nullable(),
  source: z.string().nullable(),
  ownerId: z.string().nullable(),
  createdAt: z.string(),
  lastOccurredAt: z.string(),
  closedAt: z.string().nullable(),
  erasedAt: z.string().nullable(),
}) satisfies z.ZodType<LeadSnapshot>;

/**
 * The current state of each lead asked for that exists, from `lead_snapshots`. A snapshot that
 * is not in the current shape (written before the snapshot gained or lost a field) or not at
 * its row's version is folded again from the lead's events; the next write stores the new shape.
 */
export async function readSnapshots(
  db: Kysely<Database>,
  leadIds: readonly string[],
): Promise<Map<string, LeadSnapshot>> {
  const rows = await db
    .selectFrom('lead_snapshots')
    .select(['lead_id', 'version', 'state'])
    .where('lead_id', '=', sql<string>`ANY(${[...leadIds]}::text[])`)
    .execute();
  const snapshots = new Map<string, LeadSnapshot>();
  for (const row of rows) {
    const parsed = StoredSnapshot.safeParse(row.state);
    if (parsed.success && parsed.data.version === row.version) {
      snapshots.set(row.lead_id, parsed.data);
      continue;
    }
    const { state } = await readStream(db, row.lead_id);
    if (state.status === 'none' || state.version !== row.version) {
      throw new Error(`lead snapshot ${row.lead_id}@${row.version} does not match its events`);
    }
    snapshots.set(row.lead_id, state);
  }
  return snapshots;
}

/**
 * The envelopes of decided events following `state`, validated against the contract before they
 * are stored (the relay must never meet an event it cannot publish).
 */
export function toEnvelopes(
  state: LeadState,
  leadId: string,
  pending: readonly PendingEvent[],
  context: { recordedAt: string; metadata: EventMetadata },
): LeadEvent[] {
  const current = state.status === 'none' ? 0 : state.version;
  return pending.map((event, index) =>
    leadEventSchema.parse({
      id: uuidv7(),
      type: event.type,
      schemaVersion: SCHEMA_VERSIONS[event.type],
      leadId,
      version: current + index + 1,
      pipelineId: event.pipelineId,
      occurredAt: event.occurredAt,
      recordedAt: context.recordedAt,
      data: event.data,
      metadata: context.metadata,
    }),
  );
}

/** One decided unit for `append_commands`: the lead moves from `expected` to `state`. */
export interface LeadWrite {
  seq: number;
  lead: string;
  /** The version the unit was decided on; 0 for a lead that does not exist yet. */
  expected: number;
  state: LeadSnapshot;
  events: readonly LeadEvent[];
  /** A new lead's data key (base64), stored with its `LeadCreated`; never logged. */
  key: string | null;
  /** The unit erases the lead: its key is deleted in the same transaction. */
  erase: boolean;
  idem: {
    scope: string;
    key: string;
    hash: string;
    result: JsonObjectInput;
    ttlHours: number;
  } | null;
}

/** What `append_commands` did with one write. */
export interface WriteOutcome {
  outcome: 'ok' | 'conflict' | 'replay';
  lastPosition: number;
}

/**
 * Writes decided units in ONE statement (`append_commands`, see migration 0010): per unit, the
 * conditional snapshot move, events, outbox rows and idempotency key, or nothing of it when the
 * lead moved meanwhile (`conflict`) or the key was stored concurrently (`replay`). Writes are
 * applied in lead order (a unit's order within its lead kept), so concurrent batches lock leads
 * in the same order.
 */
export async function appendCommands(
  db: Kysely<Database>,
  writes: readonly LeadWrite[],
): Promise<Map<number, WriteOutcome>> {
  const ordered = [...writes].sort((a, b) => (a.lead < b.lead ? -1 : a.lead > b.lead ? 1 : 0));
  const payload = JSON.stringify(ordered.map((w) => ({ ...w, version: w.state.version })));
  const { rows } = await sql<{
    seq: number;
    outcome: WriteOutcome['outcome'];
    last_position: number | null;
  }>`SELECT seq, outcome, last_position FROM append_commands(${payload}::jsonb)`.execute(db);
  return new Map(
    rows.map((row) => [row.seq, { outcome: row.outcome, lastPosition: row.last_position ?? 0 }]),
  );
}
