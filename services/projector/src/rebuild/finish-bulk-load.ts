import type { Database } from '@dealflow/db';
import { buildDeferredDailyTables } from '@dealflow/read-models';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import { restoreIndexes } from './deferred-indexes.js';

const since = (start: number) => Math.round(performance.now() - start) / 1000;

/**
 * Builds what the bulk load of a version left for the end, once little is left to apply: the
 * daily tables, set-based from `metric_events` (chunks after this add their daily deltas
 * themselves, so numbers stay exact), and the secondary indexes. Both are idempotent, so a
 * rebuild resumed after a crash in here simply does it again.
 */
export async function finishBulkLoad(
  db: Kysely<Database>,
  version: number,
  logger: Logger,
): Promise<void> {
  const started = performance.now();
  const built = await buildDeferredDailyTables(db, version);
  const dailySeconds = since(started);
  await restoreIndexes(db, version);
  logger.info(
    { built, dailySeconds, indexSeconds: since(started) - dailySeconds },
    'daily tables and secondary indexes built',
  );
}
