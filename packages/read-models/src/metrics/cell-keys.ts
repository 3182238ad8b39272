import { cellDate, hourOf } from './cell-grain.js';
import type { MetricEventDelta } from './metric-counters.js';
import { rolledDims } from './rollup.js';

/** The value of key column `column` of the cell of `row` in `rollup`. */
export function cellKeyValue(
  column: string,
  rollup: number,
  row: Pick<
    MetricEventDelta,
    'pipeline_id' | 'owner_id' | 'source' | 'created_at' | 'occurred_at' | 'currency'
  > & { stage?: string; reason?: string },
): string {
  switch (column) {
    case 'pipeline_id':
      return row.pipeline_id;
    case 'rollup':
      return String(rollup);
    case 'cohort_day':
      return cellDate('day', row.created_at.getTime());
    case 'cohort_month':
      return cellDate('month', row.created_at.getTime());
    case 'occurred_day':
      return cellDate('day', row.occurred_at.getTime());
    case 'occurred_month':
      return cellDate('month', row.occurred_at.getTime());
    case 'occurred_hour':
      return String(hourOf(row.occurred_at.getTime()));
    case 'owner_id':
      return rolledDims(rollup, row.owner_id, row.source)[0];
    case 'source':
      return rolledDims(rollup, row.owner_id, row.source)[1];
    case 'currency':
      return row.currency;
    case 'stage':
      return row.stage ?? '';
    case 'reason':
      return row.reason ?? '';
    default:
      throw new Error(`no cell key column ${column}`);
  }
}
