import { sql, type QueryExecutorProvider } from 'kysely';
import { readModelSchemaName } from '../read-model-schema.js';

/** Every `funnel_daily` row of `version` with a non-zero counter (`cohort_day` as text). */
export async function nonZeroFunnelRows(db: QueryExecutorProvider, version: number) {
  const { rows } = await sql<{
    pipeline_id: string;
    cohort_day: string;
    stage: string;
    owner_id: string;
    source: string;
    reached: number;
    touched: number;
    current: number;
    lost: number;
  }>`
    SELECT pipeline_id, cohort_day::text AS cohort_day, stage, owner_id, source,
      reached, touched, current, lost
    FROM ${sql.id(readModelSchemaName(version), 'funnel_daily')}
    WHERE reached <> 0 OR touched <> 0 OR current <> 0 OR lost <> 0
  `.execute(db);
  return rows;
}
