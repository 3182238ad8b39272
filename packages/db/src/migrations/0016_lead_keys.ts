import { sql, type Kysely } from 'kysely';

/**
 * Per-lead data keys for personal data (crypto-shredding), written by the one-statement append:
 *
 * - `lead_keys`: `lead_id`, `key` (32 random bytes; NULL once erased), `created_at`,
 *   `erased_at`. A row with a NULL key is an erasure's tombstone; a lead with sealed fields and
 *   no row has lost its key, which readers treat as an error, never as erasure.
 * - `append_commands(jsonb)` as in migration 0010, plus two optional members per command:
 *   `key` (base64): insert the new lead's key in the same transaction as its `LeadCreated`;
 *   `erase` (true): NULL the lead's key and stamp `erased_at` (a tombstone even for a lead
 *   created before keys existed), and make the request hashes of the lead's stored idempotency
 *   keys unreadable (`erased`: a repeat is refused as a reuse, never replayed) — the hash is
 *   taken over a request that held the name. The erasing request's own key is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE lead_keys (
      lead_id text PRIMARY KEY,
      key bytea CHECK (key IS NULL OR octet_length(key) = 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      erased_at timestamptz,
      CHECK ((key IS NULL) = (erased_at IS NOT NULL))
    )
  `.execute(db);
  await sql.raw(APPEND_COMMANDS).execute(db);
}

const APPEND_COMMANDS = `
CREATE OR REPLACE FUNCTION append_commands(p_commands jsonb)
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
    IF jsonb_typeof(c->'key') = 'string' THEN
      INSERT INTO lead_keys (lead_id, key) VALUES (lead, decode(c->>'key', 'base64'));
    END IF;
    IF (c->>'erase')::boolean IS TRUE THEN
      INSERT INTO lead_keys AS k (lead_id, key, erased_at) VALUES (lead, NULL, now())
      ON CONFLICT (lead_id) DO UPDATE SET key = NULL, erased_at = now();
      UPDATE idempotency_keys AS k SET request_hash = 'erased'
       WHERE k.result->>'leadId' = lead
         AND (jsonb_typeof(idem) IS DISTINCT FROM 'object'
              OR (k.scope, k.key) IS DISTINCT FROM (idem->>'scope', idem->>'key'));
    END IF;
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
