import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MetricScope, MsRange } from './metric-scope.js';

const iso = (ms: number) => new Date(ms).toISOString();

function scopeWhere(scope: MetricScope, occurred: MsRange): RawBuilder<unknown>[] {
  const where = [sql`pipeline_id = ${scope.pipelineId}`];
  if (scope.ownerId !== undefined) where.push(sql`owner_id = ${scope.ownerId}`);
  if (scope.source !== undefined) where.push(sql`source = ${scope.source}`);
  const range = (column: string, r: MsRange) => {
    if (Number.isFinite(r.from)) where.push(sql`${sql.ref(column)} >= ${iso(r.from)}::timestamptz`);
    if (Number.isFinite(r.to)) where.push(sql`${sql.ref(column)} < ${iso(r.to)}::timestamptz`);
  };
  range('created_at', scope.created);
  range('occurred_at', occurred);
  return where;
}

/** Completed visits (the stage was left) of the scope per stage: count, Σ and median days. */
export async function visitStats<DB>(db: Kysely<DB>, schema: string, scope: MetricScope) {
  const { rows } = await sql<{ stage: string; n: string; total_ms: string; median: string }>`
    SELECT stage, COUNT(*)::text AS n, SUM(visit_ms)::text AS total_ms,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY visit_ms::float8 / 86400000)::text AS median
    FROM ${sql.id(schema, 'metric_events')}
    WHERE visit_ms IS NOT NULL AND ${sql.join(scopeWhere(scope, scope.flow), sql` AND `)}
    GROUP BY stage
  `.execute(db);
  return new Map(
    rows.map((r) => [
      r.stage,
      { count: Number(r.n), totalMs: Number(r.total_ms), median: Number(r.median) },
    ]),
  );
}
