import { sql, type RawBuilder } from 'kysely';
import { VALUE_BOUNDS_LITERAL } from './value-buckets.js';

/**
 * `value_bucket(v)` of a read-model schema: the histogram's value bucket of `v`
 * (`width_bucket` over the fixed bounds, as the histogram cells are filled), an immutable SQL
 * function so that an index can be keyed by it and a query name it without sending the
 * bounds. Postgres inlines it on both sides, so the index matches the query's condition.
 */
export const VALUE_BUCKET_FUNCTION = 'value_bucket';

/**
 * The visits of one stage and value bucket by creation time, and by occurrence time: a
 * windowed median reads only the window's visits of the one bucket that holds its rank,
 * where the visits index (by stage and duration over all time) walks every month's visits of
 * that bucket and keeps the window's. One of the two is read when it is the cheaper range.
 */
export const VISIT_BUCKET_INDEXES = {
  created: 'metric_events_visit_bucket_created',
  occurred: 'metric_events_visit_bucket_occurred',
} as const;

/** DDL of {@link VALUE_BUCKET_FUNCTION} and {@link VISIT_BUCKET_INDEXES} in schema `s`. Idempotent. */
export function visitBucketDdl(s: string): string[] {
  const bucket = `${s}.${VALUE_BUCKET_FUNCTION}(visit_ms)`;
  return [
    `CREATE OR REPLACE FUNCTION ${s}.${VALUE_BUCKET_FUNCTION}(v bigint) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT width_bucket(v, '${VALUE_BOUNDS_LITERAL}'::bigint[]) $$`,
    `CREATE INDEX IF NOT EXISTS ${VISIT_BUCKET_INDEXES.created} ON ${s}.metric_events (pipeline_id, stage, ${bucket}, created_at) INCLUDE (visit_ms, owner_id, source, occurred_at) WHERE visit_ms IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${VISIT_BUCKET_INDEXES.occurred} ON ${s}.metric_events (pipeline_id, stage, ${bucket}, occurred_at) INCLUDE (visit_ms, owner_id, source, created_at) WHERE visit_ms IS NOT NULL`,
  ];
}

/** `value_bucket(visit_ms) = bucket` in schema `schema`, the key of the indexes above. */
export function visitBucketIs(schema: string, bucket: number): RawBuilder<unknown> {
  return sql`${sql.id(schema, VALUE_BUCKET_FUNCTION)}(visit_ms) = ${bucket}`;
}
