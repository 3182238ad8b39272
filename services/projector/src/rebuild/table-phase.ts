import { applyChunk, type ProjectionTarget } from '../apply/apply-chunk.js';
import { countRemaining, EVENTS_TABLE, readCursor, readPage } from './events-table-source.js';
import { poisonError } from './rebuild-failed-error.js';
import type { RebuildProgress } from './rebuild-progress.js';

/**
 * Replays the events table (position order, `pageRows` per page and per transaction) into the
 * building version, from its stored cursor up to the horizon; the next page is read while the
 * current one is applied. Resumable: each page moves the cursor in its own transaction.
 *
 * @throws RebuildFailedError at the first event the projection cannot apply
 */
export async function replayEventsTable(
  target: ProjectionTarget,
  pageRows: number,
  onProgress: (p: RebuildProgress) => void,
): Promise<void> {
  const { db, version } = target;
  let cursor = await readCursor(db, version);
  const total = await countRemaining(db, cursor);
  let done = 0;
  onProgress({ version, phase: 'events-table', done, total });
  const read = (from: typeof cursor) => {
    const page = readPage(db, from, pageRows);
    // Awaited below; this only keeps a failure while a chunk is applied from going unhandled.
    page.catch(() => undefined);
    return page;
  };
  let page = read(cursor);
  for (;;) {
    const records = await page;
    const last = records.at(-1)?.offset;
    if (last === undefined) break;
    const next = { ...cursor, next: last + 1 };
    page = read(next);
    // Positions have holes (rolled-back sequence values): accept a page that starts after the
    // stored cursor.
    const where = { stream: EVENTS_TABLE, partition: 0 };
    const result = await applyChunk(target, where, records, cursor.next);
    if (result.kind !== 'applied') throw new Error(`events-table cursor moved under the rebuild`);
    if (result.report.parked > 0) throw await poisonError(db, version);
    cursor = next;
    done += records.length;
    onProgress({ version, phase: 'events-table', done, total: Math.max(total, done) });
  }
}
