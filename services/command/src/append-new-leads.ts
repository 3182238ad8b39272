import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { insertEventsFromJson } from './insert-events.js';
import type { LeadWrite, WriteOutcome } from './lead-store.js';

/**
 * Raised (and the transaction rolled back) when an idempotency key of a new lead was stored by
 * another writer although the lead itself did not exist: the batch is decided again.
 * SQLSTATE-like `code`, so the writer treats it as a lost race.
 */
export class NewLeadsRaceError extends Error {
  readonly code = '40001';
}

/** Whether every write of a batch creates its lead (the only shape {@link appendNewLeads} takes). */
export const allNewLeads = (writes: readonly LeadWrite[]): boolean =>
  new Set(writes.map((w) => w.lead)).size === writes.length &&
  writes.every((w) => w.expected === 0 && !w.erase);

/**
 * Writes a batch of NEW leads set-based, in one statement (inside an explicit transaction only
 * when it carries idempotency keys, so a taken key can undo it all): every lead's
 * snapshot, events (in lead and version order), outbox rows, data key and idempotency key (its
 * result carrying the position of the lead's last event). A lead that exists already (a
 * concurrent writer created it) is skipped whole and answered `conflict`; the others are
 * written. Each write must create its lead, one write per lead ({@link allNewLeads}).
 *
 * @throws NewLeadsRaceError when an idempotency key collides (nothing of the batch is written)
 */
export async function appendNewLeads(
  db: Kysely<Database>,
  writes: readonly LeadWrite[],
  ttlHours: number,
): Promise<Map<number, WriteOutcome>> {
  const leads = JSON.stringify(
    writes.map((w) => ({
      lead: w.lead,
      version: w.state.version,
      state: w.state,
      key: w.key,
      scope: w.idem?.scope ?? null,
      idem: w.idem?.key ?? null,
      hash: w.idem?.hash ?? null,
      result: w.idem?.result ?? null,
    })),
  );
  const events = JSON.stringify(writes.flatMap((w) => w.events));
  // Alone the statement is its own transaction; with idempotency keys it runs in an explicit
  // one, so a key found taken can still undo the whole batch.
  const claims = writes.some((w) => w.idem !== null);
  const run = async (on: Kysely<Database>) => {
    const { rows } = await sql<{ lead: string; last_position: number; claimed: number }>`
      WITH l AS (
        SELECT * FROM json_to_recordset(${leads}::json) AS l(
          lead text, version integer, state jsonb, key text,
          scope text, idem text, hash text, result jsonb)
      ), created AS (
        INSERT INTO lead_snapshots (lead_id, version, state)
        SELECT lead, version, state FROM l ORDER BY lead
        ON CONFLICT (lead_id) DO NOTHING
        RETURNING lead_id
      ), appended AS (
        ${insertEventsFromJson(events)}
         WHERE e."leadId" IN (SELECT lead_id FROM created)
         ORDER BY e."leadId", e.version
        RETURNING position, lead_id
      ), queued AS (
        INSERT INTO outbox (position, lead_id) SELECT position, lead_id FROM appended
      ), last AS (
        SELECT lead_id, max(position) AS last_position FROM appended GROUP BY lead_id
      ), keyed AS (
        INSERT INTO lead_keys (lead_id, key)
        SELECT l.lead, decode(l.key, 'base64') FROM l JOIN last ON last.lead_id = l.lead
         WHERE l.key IS NOT NULL
      ), claimed AS (
        INSERT INTO idempotency_keys AS k (scope, key, request_hash, result)
        SELECT l.scope, l.idem, l.hash,
               l.result || jsonb_build_object('lastPosition', last.last_position)
          FROM l JOIN last ON last.lead_id = l.lead
         WHERE l.idem IS NOT NULL
         ORDER BY l.scope, l.idem
        ON CONFLICT (scope, key) DO UPDATE
          SET request_hash = excluded.request_hash, result = excluded.result, created_at = now()
          WHERE k.created_at < now() - make_interval(hours => ${ttlHours})
        RETURNING 1
      )
      SELECT last.lead_id AS lead, last.last_position,
             (SELECT count(*)::integer FROM claimed) AS claimed
        FROM last`.execute(on);
    const created = new Set(rows.map((row) => row.lead));
    const wanted = writes.filter((w) => w.idem !== null && created.has(w.lead)).length;
    if ((rows[0]?.claimed ?? 0) !== wanted) {
      throw new NewLeadsRaceError(`${wanted - (rows[0]?.claimed ?? 0)} idempotency keys taken`);
    }
    return rows;
  };
  const rows = claims ? await db.transaction().execute(run) : await run(db);
  const lastPositions = new Map(rows.map((row) => [row.lead, row.last_position]));
  return new Map(
    writes.map((w) => {
      const last = lastPositions.get(w.lead);
      const outcome: WriteOutcome =
        last === undefined
          ? { outcome: 'conflict', lastPosition: 0 }
          : { outcome: 'ok', lastPosition: Number(last) };
      return [w.seq, outcome];
    }),
  );
}
