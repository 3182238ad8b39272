import { sql, type RawBuilder } from 'kysely';

/**
 * The head of a set-based append of events given as a JSON array of envelopes (`leadId`,
 * `version`, …): `INSERT INTO events (…) SELECT … FROM json_to_recordset(…) AS e`. The caller
 * adds which leads' events go in (`WHERE e."leadId" …`), their order and `RETURNING`.
 */
export function insertEventsFromJson(events: string): RawBuilder<unknown> {
  return sql`
    INSERT INTO events (event_id, lead_id, version, type, schema_version, pipeline_id,
                        occurred_at, recorded_at, data, metadata)
    SELECT e.id, e."leadId", e.version, e.type, e."schemaVersion", e."pipelineId",
           e."occurredAt", e."recordedAt", e.data, e.metadata
      FROM json_to_recordset(${events}::json) AS e(
             id uuid, "leadId" text, version integer, type text, "schemaVersion" integer,
             "pipelineId" text, "occurredAt" timestamptz, "recordedAt" timestamptz,
             data jsonb, metadata jsonb)`;
}
