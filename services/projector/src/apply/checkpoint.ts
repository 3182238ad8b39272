import type { Database } from '@dealflow/db';
import type { Kysely } from 'kysely';

/** One topic-partition of one projection: the key of a `projection_checkpoints` row. */
export interface CheckpointKey {
  projection: string;
  topic: string;
  partition: number;
}

const where = (key: CheckpointKey) =>
  ({ projection: key.projection, topic: key.topic, partition: key.partition }) as const;

/**
 * Locks the checkpoint row of `key` for the rest of the transaction and returns its
 * `next_offset` (0 for a partition never seen). The row lock is what makes the database the
 * judge of exactly-once: a second consumer of the same partition (a zombie after a rebalance,
 * a late seek) waits here, then sees the offset the first one committed and drops every record
 * below it.
 */
export async function lockCheckpoint(trx: Kysely<Database>, key: CheckpointKey): Promise<number> {
  const select = () =>
    trx
      .selectFrom('projection_checkpoints')
      .select('next_offset')
      .where('projection', '=', key.projection)
      .where('topic', '=', key.topic)
      .where('partition', '=', key.partition)
      .forUpdate()
      .executeTakeFirst();
  const found = await select();
  if (found !== undefined) return found.next_offset;
  // Two first batches may race to create the row: one inserts, the other does nothing, and
  // both then lock the same row.
  await trx
    .insertInto('projection_checkpoints')
    .values({ ...where(key), next_offset: 0 })
    .onConflict((oc) => oc.columns(['projection', 'topic', 'partition']).doNothing())
    .execute();
  const created = await select();
  if (created === undefined) throw new Error(`checkpoint row of ${JSON.stringify(key)} vanished`);
  return created.next_offset;
}

/**
 * Moves the checkpoint of `key` forward to `nextOffset`, never backwards (a zombie that
 * finishes late cannot roll it back).
 */
export async function advanceCheckpoint(
  trx: Kysely<Database>,
  key: CheckpointKey,
  nextOffset: number,
): Promise<void> {
  await trx
    .updateTable('projection_checkpoints')
    .set({ next_offset: nextOffset, updated_at: new Date() })
    .where('projection', '=', key.projection)
    .where('topic', '=', key.topic)
    .where('partition', '=', key.partition)
    .where('next_offset', '<', nextOffset)
    .execute();
}

/** The stored next offsets of every partition of `topic` for `projection`. */
export async function readCheckpoints(
  db: Kysely<Database>,
  projection: string,
  topic: string,
): Promise<{ partition: number; nextOffset: number; updatedAt: Date }[]> {
  const rows = await db
    .selectFrom('projection_checkpoints')
    .select(['partition', 'next_offset', 'updated_at'])
    .where('projection', '=', projection)
    .where('topic', '=', topic)
    .orderBy('partition')
    .execute();
  return rows.map((r) => ({
    partition: r.partition,
    nextOffset: r.next_offset,
    updatedAt: r.updated_at,
  }));
}
