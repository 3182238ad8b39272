import { sql, type RawBuilder } from 'kysely';
import { VALUE_BUCKET_FUNCTION } from './visit-bucket-indexes.js';

/**
 * The won deals of one currency and amount bucket by creation time, and by the time they were
 * won (or taken back), keyed by `value_bucket(abs(won_amount))`: a win taken back is stored as
 * −its amount, so both signs of one amount share a bucket, as in the histogram. A windowed
 * deal-size median reads only the window's deals of the bucket holding its rank, where the
 * amount index (`metric_events_won_amount`, by amount over all time) walks every month's deals
 * of that bucket and keeps the window's. The planner reads whichever range it prices lower.
 *
 * A window's cycle ranks have no such index: its buckets hold a rank within a few hundred
 * index rows of the bucket's start (measured at 1 M leads), so the cycle index's walk is as
 * short as a window's range of the bucket would be, and the planner kept the walk when offered
 * both. `cycleOccurred` serves an instant instead: the deals of a cycle bucket won after it, one
 * range, subtracted from the all-time fine cells (`valuesAtManyFine`).
 */
export const DEAL_BUCKET_INDEXES = {
  created: 'metric_events_won_amount_bucket_created',
  occurred: 'metric_events_won_amount_bucket_occurred',
  cycleOccurred: 'metric_events_won_cycle_bucket_occurred',
} as const;

/**
 * DDL of {@link DEAL_BUCKET_INDEXES} in schema `s`, after the schema's
 * {@link VALUE_BUCKET_FUNCTION} (`visitBucketDdl`). Idempotent.
 */
export function dealBucketDdl(s: string): string[] {
  const key = `pipeline_id, currency, ${s}.${VALUE_BUCKET_FUNCTION}(abs(won_amount))`;
  return [
    `CREATE INDEX IF NOT EXISTS ${DEAL_BUCKET_INDEXES.created} ON ${s}.metric_events (${key}, created_at) INCLUDE (won_amount, won, owner_id, source, occurred_at) WHERE won <> 0`,
    `CREATE INDEX IF NOT EXISTS ${DEAL_BUCKET_INDEXES.occurred} ON ${s}.metric_events (${key}, occurred_at) INCLUDE (won_amount, won, owner_id, source, created_at) WHERE won <> 0`,
    `CREATE INDEX IF NOT EXISTS ${DEAL_BUCKET_INDEXES.cycleOccurred} ON ${s}.metric_events (pipeline_id, ${s}.${VALUE_BUCKET_FUNCTION}(cycle_ms), occurred_at) INCLUDE (cycle_ms, won, owner_id, source) WHERE won <> 0 AND cycle_ms IS NOT NULL`,
  ];
}

/** `value_bucket(cycle_ms) = bucket` in schema `schema`, the key of the cycle index above. */
export function cycleBucketIs(schema: string, bucket: number): RawBuilder<unknown> {
  return sql`${sql.id(schema, VALUE_BUCKET_FUNCTION)}(cycle_ms) = ${bucket}`;
}

/** `value_bucket(abs(won_amount)) = bucket` in schema `schema`, the key of the indexes above. */
export function amountBucketIs(schema: string, bucket: number): RawBuilder<unknown> {
  return sql`${sql.id(schema, VALUE_BUCKET_FUNCTION)}(abs(won_amount)) = ${bucket}`;
}
