import type { Database } from '@dealflow/db';
import { appliedLeadVersion } from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import type { LiveVersion } from './live-version.js';

/** What {@link awaitPosition} reads. */
export interface AwaitPositionDeps {
  db: Kysely<Database>;
  liveVersion: LiveVersion;
  /** Longest wait in milliseconds. */
  waitMs: number;
  /** Pause between two looks (default 25 ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The lead and version of the event at `position`, if the event store shows it (yet). */
async function eventAt(db: Kysely<Database>, position: number) {
  return db
    .selectFrom('events')
    .select(['lead_id', 'version'])
    .where('position', '=', position)
    .executeTakeFirst();
}

async function appliedVersion(deps: AwaitPositionDeps, leadId: string): Promise<number> {
  return appliedLeadVersion(deps.db, await deps.liveVersion(), leadId);
}

/**
 * Read-your-writes: waits until the live read models have applied the event written at
 * `position` (the `X-Dealflow-Position` a command answered with), i.e. until that lead's row
 * holds the event's version or a later one. The projector writes a lead's row and its counter
 * deltas in one transaction, so once the row shows it, every number includes the write.
 *
 * The event itself is looked up by position, and looked for again while absent (a read replica
 * may lag behind the primary the command wrote to). Position 0 asks for nothing.
 *
 * @returns `true` once caught up, `false` when `waitMs` ran out first (the answer is stale)
 */
export async function awaitPosition(deps: AwaitPositionDeps, position: number): Promise<boolean> {
  if (position === 0) return true;
  const deadline = Date.now() + deps.waitMs;
  let target: { lead_id: string; version: number } | undefined;
  for (;;) {
    target ??= await eventAt(deps.db, position);
    if (target !== undefined && (await appliedVersion(deps, target.lead_id)) >= target.version) {
      return true;
    }
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(deps.pollMs ?? 25, left));
  }
}
