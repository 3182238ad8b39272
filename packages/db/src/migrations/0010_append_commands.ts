import { sql, type Kysely } from 'kysely';

/**
 * `append_commands(jsonb)`: the write of a whole batch of decided commands in ONE statement (so
 * one round trip, and one transaction when called alone). Each element is
 * `{seq, lead, expected, version, state, events: [...], idem: {scope, key, hash, result,
 * ttlHours} | null}`, in the order to apply; the answer is one row per element:
 *
 * - `ok`: the snapshot moved from `expected` (0: no lead yet) to `version`, the events and their
 *   outbox rows were inserted and the idempotency key stored; `last_position` is the position of
 *   the command's last event.
 * - `conflict`: the lead is no longer at `expected` (another writer got there first); nothing of
 *   this command was written. A later element for the same lead, decided on top of this one, is
 *   a conflict too.
 * - `replay`: the idempotency key is already stored (a concurrent request with it committed);
 *   nothing written.
 *
 * One command's conflict never fails its neighbours; the caller decides the losers again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(APPEND_COMMANDS).execute(db);
}

const APPEND_COMMANDS = `
CREATE FUNCTION append_commands(p_commands jsonb)
RETURNS TABLE (seq integer, outcome text, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  c jsonb;
  lead text;
  idem jsonb;
  failed text[] := '{}';
  n integer;
BEGIN
  FOR c IN SELECT value FROM jsonb_array_elements(p_commands) LOOP
    seq := (c->>'seq')::integer;
    lead := c->>'lead';
    idem := c->'idem';
    last_position := NULL;
    IF lead = ANY (failed) THEN
      outcome := 'conflict';
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF jsonb_typeof(idem) = 'object' THEN
      INSERT INTO idempotency_keys AS k (scope, key, request_hash, result)
      VALUES (idem->>'scope', idem->>'key', idem->>'hash', idem->'result')
      ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = excluded.request_hash, result = excluded.result, created_at = now()
        WHERE k.created_at < now() - make_interval(hours => (idem->>'ttlHours')::integer);
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n = 0 THEN
        failed := failed || lead;
        outcome := 'replay';
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;
    IF (c->>'expected')::integer = 0 THEN
      INSERT INTO lead_snapshots (lead_id, version, state)
      VALUES (lead, (c->>'version')::integer, c->'state')
      ON CONFLICT (lead_id) DO NOTHING;
    ELSE
      UPDATE lead_snapshots SET version = (c->>'version')::integer, state = c->'state'
       WHERE lead_id = lead AND version = (c->>'expected')::integer;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
      IF jsonb_typeof(idem) = 'object' THEN
        DELETE FROM idempotency_keys WHERE scope = idem->>'scope' AND key = idem->>'key';
      END IF;
      failed := failed || lead;
      outcome := 'conflict';
      RETURN NEXT;
      CONTINUE;
    END IF;
    WITH inserted AS (
      INSERT INTO events (event_id, lead_id, version, type, schema_version, pipeline_id,
                          occurred_at, recorded_at, data, metadata)
      SELECT e.id, lead, e.version, e.type, e."schemaVersion", e."pipelineId",
             e."occurredAt", e."recordedAt", e.data, e.metadata
        FROM jsonb_to_recordset(c->'events') AS e(
               id uuid, version integer, type text, "schemaVersion" integer, "pipelineId" text,
               "occurredAt" timestamptz, "recordedAt" timestamptz, data jsonb, metadata jsonb)
       ORDER BY e.version
      RETURNING position, lead_id
    ), queued AS (
      INSERT INTO outbox (position, lead_id) SELECT position, lead_id FROM inserted
      RETURNING position
    )
    SELECT max(position) INTO last_position FROM queued;
    IF jsonb_typeof(idem) = 'object' THEN
      UPDATE idempotency_keys
         SET result = result || jsonb_build_object('lastPosition', last_position)
       WHERE scope = idem->>'scope' AND key = idem->>'key';
    END IF;
    outcome := 'ok';
    RETURN NEXT;
  END LOOP;
END
$fn$`;
