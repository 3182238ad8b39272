import { sql, type Kysely } from 'kysely';

/**
 * Each lead's current state, folded from its events: the command side decides against it instead
 * of re-reading the stream. `state` is the fold's own JSON (the domain's `LeadSnapshot`), so a new
 * command or field needs no migration. Backfilled here from the existing events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE lead_snapshots (
      lead_id text PRIMARY KEY,
      version integer NOT NULL CHECK (version >= 1),
      state jsonb NOT NULL
    )`.execute(db);
  await sql.raw(BACKFILL_LEAD_SNAPSHOTS).execute(db);
}

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Folds every lead without a snapshot from its events, the way the domain's `evolve` does for the
 * four event types written so far (all at schema version 1). Exported for its test against the
 * fold itself.
 */
export const BACKFILL_LEAD_SNAPSHOTS = `
  INSERT INTO lead_snapshots (lead_id, version, state)
  SELECT c.lead_id, l.version, jsonb_build_object(
      'status', CASE l.type WHEN 'DealWon' THEN 'won' WHEN 'DealLost' THEN 'lost' ELSE 'open' END,
      'leadId', c.lead_id,
      'pipelineId', c.pipeline_id,
      'stage', CASE l.type WHEN 'DealWon' THEN 'won' WHEN 'DealLost' THEN 'lost'
                 WHEN 'StageAdvanced' THEN l.data->>'toStage' ELSE c.data->>'stage' END,
      'amount', CASE l.type WHEN 'DealWon' THEN l.data->'amount' ELSE c.data->'amount' END,
      'version', l.version,
      'name', c.data->>'name',
      'company', coalesce(c.data->'company', 'null'::jsonb),
      'source', coalesce(c.data->'source', 'null'::jsonb),
      'ownerId', coalesce(c.data->'ownerId', 'null'::jsonb),
      'createdAt', ${iso('c.occurred_at')},
      'lastOccurredAt', ${iso('l.occurred_at')},
      'closedAt', CASE WHEN l.type IN ('DealWon', 'DealLost') THEN to_jsonb(${iso('l.occurred_at')})
                  ELSE 'null'::jsonb END)
    FROM events c
    JOIN LATERAL (
      SELECT e.version, e.type, e.data, e.occurred_at FROM events e
       WHERE e.lead_id = c.lead_id ORDER BY e.version DESC LIMIT 1
    ) l ON true
   WHERE c.type = 'LeadCreated' AND c.version = 1
  ON CONFLICT (lead_id) DO NOTHING`;
