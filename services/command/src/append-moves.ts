import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { insertEventsFromJson } from './insert-events.js';
import type { LeadWrite, WriteOutcome } from './lead-store.js';

/**
 * Whether a batch can be written by {@link appendMoves}: no idempotency key, no erasure, every
 * write with events, and the writes of one lead chained (each decided on the version the one
 * before it leaves). The rest goes through `append_commands`.
 */
export function plainMoves(writes: readonly LeadWrite[]): boolean {
  const last = new Map<string, number>();
  for (const w of writes) {
    if (w.idem !== null || w.erase || w.events.length === 0) return false;
    const before = last.get(w.lead);
    if (before !== undefined && before !== w.expected) return false;
    last.set(w.lead, w.state.version);
  }
  return true;
}

/** One lead's writes of the batch as one move: from the first's expected to the last's state. */
interface Move {
  lead: string;
  expected: number;
  version: number;
  state: LeadWrite['state'];
  key: string | null;
}

function movesOf(writes: readonly LeadWrite[]): Move[] {
  const moves = new Map<string, Move>();
  for (const w of writes) {
    const move = moves.get(w.lead);
    if (move === undefined) {
      moves.set(w.lead, {
        lead: w.lead,
        expected: w.expected,
        version: w.state.version,
        state: w.state,
        key: w.key,
      });
    } else {
      move.version = w.state.version;
      move.state = w.state;
      move.key ??= w.key;
    }
  }
  return [...moves.values()].sort((a, b) => (a.lead < b.lead ? -1 : a.lead > b.lead ? 1 : 0));
}

/**
 * Writes a batch of plain moves ({@link plainMoves}) set-based, in one statement: new leads'
 * snapshots inserted, existing leads' snapshots moved from the version they were decided on
 * (locked in lead order first, as `append_commands` does), and for the leads that moved, their
 * events (in lead and version order), outbox rows and new data keys. A lead that moved or was
 * created meanwhile writes nothing and answers `conflict` for each of its writes, exactly as
 * `append_commands` answers them one by one; each write's `lastPosition` is that of its own last
 * event.
 */
export async function appendMoves(
  db: Kysely<Database>,
  writes: readonly LeadWrite[],
): Promise<Map<number, WriteOutcome>> {
  const moves = JSON.stringify(movesOf(writes));
  const events = JSON.stringify(writes.flatMap((w) => w.events));
  const { rows } = await sql<{ lead_id: string; version: number; position: number }>`
    WITH l AS (
      SELECT * FROM json_to_recordset(${moves}::json) AS l(
        lead text, expected integer, version integer, state jsonb, key text)
    ), locked AS (
      SELECT s.lead_id FROM lead_snapshots s JOIN l ON l.lead = s.lead_id AND l.expected > 0
       ORDER BY s.lead_id FOR UPDATE OF s
    ), moved AS (
      UPDATE lead_snapshots s SET version = l.version, state = l.state
        FROM l JOIN locked ON locked.lead_id = l.lead
       WHERE s.lead_id = l.lead AND s.version = l.expected
      RETURNING s.lead_id
    ), created AS (
      INSERT INTO lead_snapshots (lead_id, version, state)
      SELECT lead, version, state FROM l WHERE expected = 0 ORDER BY lead
      ON CONFLICT (lead_id) DO NOTHING
      RETURNING lead_id
    ), appended AS (
      ${insertEventsFromJson(events)}
       WHERE e."leadId" IN (SELECT lead_id FROM moved UNION ALL SELECT lead_id FROM created)
       ORDER BY e."leadId", e.version
      RETURNING position, lead_id, version
    ), queued AS (
      INSERT INTO outbox (position, lead_id) SELECT position, lead_id FROM appended
    ), keyed AS (
      INSERT INTO lead_keys (lead_id, key)
      SELECT l.lead, decode(l.key, 'base64') FROM l JOIN created c ON c.lead_id = l.lead
       WHERE l.key IS NOT NULL
    )
    SELECT lead_id, version, position FROM appended`.execute(db);
  const positions = new Map(
    rows.map((row) => [`${row.lead_id}\u001f${row.version}`, row.position]),
  );
  return new Map(
    writes.map((w) => {
      const lastVersion = w.events[w.events.length - 1]?.version ?? 0;
      const position = positions.get(`${w.lead}\u001f${lastVersion}`);
      const outcome: WriteOutcome =
        position === undefined
          ? { outcome: 'conflict', lastPosition: 0 }
          : { outcome: 'ok', lastPosition: Number(position) };
      return [w.seq, outcome];
    }),
  );
}
