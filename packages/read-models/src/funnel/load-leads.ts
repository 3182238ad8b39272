import { sql, type QueryExecutorProvider } from 'kysely';
import { readModelSchemaName, type Lead } from '../read-model-schema.js';

interface LeadRecord extends Omit<Lead, 'amount'> {
  amount: number | string;
}

/**
 * The stored rows of the given leads in read-model `version`, by id, in one round trip.
 * `cohort_day` is read as `YYYY-MM-DD` text (pg would otherwise make a local-midnight Date).
 */
export async function loadLeads(
  db: QueryExecutorProvider,
  version: number,
  leadIds: readonly string[],
): Promise<Map<string, Lead>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await sql<LeadRecord>`
    SELECT lead_id, pipeline_id, owner_id, source, created_at, cohort_day::text AS cohort_day,
      stage, open_stage, furthest_position, status, currency, amount, stage_entered_at,
      closed_at, reason, version, last_occurred_at
    FROM ${sql.id(readModelSchemaName(version), 'leads')}
    WHERE lead_id = ANY(${[...leadIds]}::text[])
  `.execute(db);
  // A pool without dealflow's int8 parsers returns bigint as text: normalise either way.
  return new Map(rows.map((row) => [row.lead_id, { ...row, amount: Number(row.amount) }]));
}

/** The version of `leadId` applied in read-model `version` (0 when the lead is not there yet). */
export async function appliedLeadVersion(
  db: QueryExecutorProvider,
  version: number,
  leadId: string,
): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    SELECT version FROM ${sql.id(readModelSchemaName(version), 'leads')} WHERE lead_id = ${leadId}
  `.execute(db);
  return rows[0]?.version ?? 0;
}

/** Every lead row of read-model `version` (for checks that compare whole versions). */
export async function allLeads(db: QueryExecutorProvider, version: number): Promise<Lead[]> {
  const { rows } = await sql<LeadRecord>`
    SELECT lead_id, pipeline_id, owner_id, source, created_at, cohort_day::text AS cohort_day,
      stage, open_stage, furthest_position, status, currency, amount, stage_entered_at,
      closed_at, reason, version, last_occurred_at
    FROM ${sql.id(readModelSchemaName(version), 'leads')}
  `.execute(db);
  return rows.map((row) => ({ ...row, amount: Number(row.amount) }));
}
