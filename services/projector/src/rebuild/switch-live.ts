import type { Database } from '@dealflow/db';
import type { KafkaAdmin } from '@dealflow/kafka';
import {
  activateVersion,
  freezeLiveFeed,
  liveVersion,
  projectionName,
} from '@dealflow/read-models';
import { sql, type Kysely } from 'kysely';
import { readCheckpoints } from '../apply/checkpoint.js';

/** What {@link switchLive} needs. */
export interface SwitchOptions {
  db: Kysely<Database>;
  admin: KafkaAdmin;
  topic: string;
  /** The building version to make live. */
  version: number;
  /** Give up (and roll back, nothing switched) when not caught up within this long. */
  timeoutMs: number;
  pollMs?: number;
  /** Last check inside the switch transaction, once caught up; throwing aborts the switch. */
  verify?: (trx: Kysely<Database>) => Promise<void>;
}

/** Per partition, the offset the building version must reach before it may go live. */
type Targets = Map<number, number>;

async function caughtUp(opts: SwitchOptions, targets: Targets): Promise<boolean> {
  const stored = await readCheckpoints(opts.db, projectionName(opts.version), opts.topic);
  const applied = new Map(stored.map((c) => [c.partition, c.nextOffset]));
  return [...targets].every(([partition, target]) => (applied.get(partition) ?? 0) >= target);
}

/**
 * The atomic switch, in ONE transaction:
 * 1. freeze the live feed (`freezeLiveFeed`: chunks in flight commit, new ones wait) and lock
 *    the live version's checkpoint rows: the live version stops moving;
 * 2. targets = per partition max(live checkpoint, head offset now);
 * 3. wait — the rebuild's consumer keeps applying in its own transactions — until the building
 *    version's checkpoints reach every target, so it holds everything the live version holds
 *    and everything on the topic at switch time (no number goes backwards);
 * 4. retire the live version, activate the building one, commit.
 * The live projector's waiting chunk then sees its version retired, applies nothing, and
 * follows the new live version from that version's checkpoints: the retired version stays as
 * it was at the switch (ready for a rollback), the new one never lacks anything it had.
 *
 * @returns the previous live version, or `false` when the building version did not reach the
 *   targets in time (nothing changed; call again)
 */
export async function switchLive(opts: SwitchOptions): Promise<number | undefined | false> {
  try {
    return await opts.db.transaction().execute(async (trx) => {
      // The rebuild's pool commits asynchronously; the switch must be durable.
      await sql`SET LOCAL synchronous_commit = on`.execute(trx);
      await freezeLiveFeed(trx);
      const live = await liveVersion(trx);
      const heads = await opts.admin.topicOffsets(opts.topic);
      const targets: Targets = new Map(heads.map((h) => [h.partition, h.high]));
      if (live !== undefined) {
        const projection = projectionName(live);
        await trx
          .insertInto('projection_checkpoints')
          .values(
            heads.map((h) => ({
              projection,
              topic: opts.topic,
              partition: h.partition,
              next_offset: 0,
            })),
          )
          .onConflict((oc) => oc.columns(['projection', 'topic', 'partition']).doNothing())
          .execute();
        const locked = await trx
          .selectFrom('projection_checkpoints')
          .select(['partition', 'next_offset'])
          .where('projection', '=', projection)
          .where('topic', '=', opts.topic)
          .orderBy('partition')
          .forUpdate()
          .execute();
        for (const row of locked) {
          targets.set(row.partition, Math.max(targets.get(row.partition) ?? 0, row.next_offset));
        }
      }
      const deadline = Date.now() + opts.timeoutMs;
      while (!(await caughtUp(opts, targets))) {
        if (Date.now() > deadline) throw new SwitchNotReady();
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 25));
      }
      await opts.verify?.(trx);
      return activateVersion(trx, opts.version);
    });
  } catch (err) {
    if (err instanceof SwitchNotReady) return false;
    throw err;
  }
}

/** Rolls the switch transaction back: the building version did not catch up in time. */
class SwitchNotReady extends Error {
  constructor() {
    super('building version not caught up in time');
  }
}
