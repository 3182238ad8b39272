/**
 * The won-deal statistics of every all-time cell — (pipeline, rollup, owner, source), rollups
 * as in `rollup.ts` — as `wonStats` computes them (counts, sums, exact medians and p90), kept
 * so that a scope with no date bound reads one row instead of its histogram and rank walks.
 *
 * A write that changes a cell's won deals marks its row `stale` in its own transaction
 * (`wonStatsStaleUpsert`); `refreshWonStats` recomputes stale rows one at a time,
 * each under the row's lock. A reader uses a row only while it is not stale, and computes the
 * statistics otherwise, so an answer is exact whether or not the row has caught up.
 */
export const WON_STATS_TOTAL = 'won_stats_total';

/** The key of a kept row: its all-time cell. */
export const WON_STATS_KEY = ['pipeline_id', 'rollup', 'owner_id', 'source'] as const;

/** DDL of {@link WON_STATS_TOTAL} in schema `s`, and the index of its stale rows. Idempotent. */
export function wonStatsTotalDdl(s: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.${WON_STATS_TOTAL} (
      pipeline_id text NOT NULL,
      rollup smallint NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      stale boolean NOT NULL DEFAULT true,
      stats jsonb,
      PRIMARY KEY (${WON_STATS_KEY.join(', ')})
    ) WITH (fillfactor = 70)`,
    `CREATE INDEX IF NOT EXISTS ${WON_STATS_TOTAL}_stale ON ${s}.${WON_STATS_TOTAL} (pipeline_id) WHERE stale`,
  ];
}
