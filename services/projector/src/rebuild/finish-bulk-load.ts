import type { Database } from '@dealflow/db';
import { buildDeferredDailyTables, restoreIndexes } from '@dealflow/read-models';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';

const timed = async <T>(work: Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work;
  return [result, Math.round(performance.now() - started) / 1000];
};

/**
 * Builds what the bulk load of a version left for the end, once little is left to apply: the
 * daily tables, set-based from `metric_events` (chunks after this add their daily deltas
 * themselves, so numbers stay exact), and the secondary indexes. The two touch different
 * tables (the index builds only read `metric_events`), so they run side by side on two
 * connections. Both are idempotent: a rebuild resumed after a crash in here does them again.
 * `onPart` hears the daily tables' parts built of all (the long half of this step).
 */
export async function finishBulkLoad(
  db: Kysely<Database>,
  version: number,
  logger: Logger,
  onPart?: (built: number, parts: number) => void,
): Promise<void> {
  const [[built, dailySeconds], [, indexSeconds]] = await Promise.all([
    timed(buildDeferredDailyTables(db, version, onPart)),
    timed(restoreIndexes(db, version)),
  ]);
  logger.info({ built, dailySeconds, indexSeconds }, 'daily tables and secondary indexes built');
}
