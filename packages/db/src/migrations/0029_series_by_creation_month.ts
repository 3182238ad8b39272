import type { Kysely } from 'kysely';
import { addSummedCellTable } from './read-model-schemas.js';

/** The key of the series cells by creation month, as of this migration. */
const KEY = [
  'pipeline_id',
  'rollup',
  'owner_id',
  'source',
  'cohort_month',
  'occurred_day',
  'currency',
];
const TYPES: Record<string, string> = {
  rollup: 'smallint',
  cohort_month: 'date',
  occurred_day: 'date',
};

/**
 * Series cells by creation month and occurred day (`series_cross_monthly`) in every existing
 * read-model version, summed from its cells by creation day: a bounded cohort's time series
 * reads its whole creation months from them. New versions get the same from `readModelDdl`.
 * Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await addSummedCellTable(db, {
    name: 'series_cross_monthly',
    from: 'series_cross_daily',
    columns: KEY.map((k) => [k, TYPES[k] ?? 'text'] as const),
    key: KEY,
    values: ['created', 'advanced', 'won', 'lost', 'won_amount'],
    select: { cohort_month: `date_trunc('month', cohort_day)::date` },
  });
}
