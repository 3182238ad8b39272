import type { Kysely } from 'kysely';
import { COUNTERS } from './0025_activity_hourly.js';
import { addSummedCellTable } from './read-model-schemas.js';

/**
 * All-time metric cells (`metric_total`) in every existing read-model version: the monthly
 * cohort cells summed over the months, so a scope with no date bound (the summary of all time,
 * the reasons, the funnel) sums one cell per stage, currency and reason instead of one per
 * month. New versions get the same from `readModelDdl`. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await addSummedCellTable(db, {
    name: 'metric_total',
    from: 'metric_cohort_monthly',
    columns: [
      ['pipeline_id', 'text'],
      ['rollup', 'smallint'],
      ['stage', 'text'],
      ['owner_id', 'text'],
      ['source', 'text'],
      ['currency', 'text'],
      ['reason', 'text'],
    ],
    key: ['pipeline_id', 'rollup', 'owner_id', 'source', 'stage', 'currency', 'reason'],
    values: COUNTERS,
  });
}
