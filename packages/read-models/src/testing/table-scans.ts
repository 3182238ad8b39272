import type { CompiledQuery, Kysely } from 'kysely';

/** One scan of a table in a plan: the index it went through, if any; how often it ran; rows read. */
export interface TableScan {
  index: string | undefined;
  loops: number;
  /** Rows read over all its loops: those it kept and those its filter removed. */
  rows: number;
}

interface PlanNode {
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Loops': number;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/**
 * The scans of `table` in the plan of `statement`, run once with its parameters under
 * `EXPLAIN (ANALYZE, FORMAT JSON)`.
 */
export async function tableScans<DB>(
  db: Kysely<DB>,
  statement: CompiledQuery,
  table: string,
): Promise<TableScan[]> {
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
    sql: `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
    parameters: statement.parameters,
    query: { kind: 'RawNode' } as never,
    queryId: { queryId: 'explain' },
  });
  const scans: TableScan[] = [];
  const walk = (node: PlanNode) => {
    if (node['Relation Name'] === table) {
      const loops = node['Actual Loops'];
      const read = node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0);
      scans.push({ index: node['Index Name'], loops, rows: read * loops });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  const [top] = rows[0]?.['QUERY PLAN'] ?? [];
  if (top !== undefined) walk(top.Plan);
  return scans;
}
