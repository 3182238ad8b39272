import { readModelSchemaName } from '@dealflow/read-models';
import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * Which of the given leads have an event parked (and not yet retried or discarded) in
 * read-model `version`: their later events must wait behind it, so per-lead order holds.
 */
export async function findParkedLeads(
  db: QueryExecutorProvider,
  version: number,
  leadIds: readonly string[],
): Promise<Set<string>> {
  if (leadIds.length === 0) return new Set();
  const { rows } = await sql<{ lead_id: string }>`
    SELECT DISTINCT lead_id FROM ${sql.id(readModelSchemaName(version), 'parked_events')}
    WHERE status = 'parked' AND lead_id = ANY(${[...leadIds]}::text[])
  `.execute(db);
  return new Set(rows.map((r) => r.lead_id));
}
