import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';

/** One topic-partition of one projection: the key of a `projection_checkpoints` row. */
export interface CheckpointKey {
  projection: string;
  topic: string;
  partition: number;
}

/**
 * Locks the checkpoint row of `key` for the rest of the transaction and returns its
 * `next_offset` (0 for a partition never seen). The row lock is what makes the database the
 * judge of exactly-once: a second consumer of the same partition (a zombie after a rebalance,
 * a late seek) waits here, then sees the offset the first one committed and drops every record
 * below it.
 */
export async function lockCheckpoint(trx: Kysely<Database>, key: CheckpointKey): Promise<number> {
  const locked = await lockCheckpoints(trx, key.projection, key.topic, [key.partition]);
  return locked.get(key.partition) ?? 0;
}

/**
 * Locks the checkpoint rows of `partitions` of one topic (in partition order, so two
 * transactions locking overlapping sets never deadlock) in one statement, and returns each
 * partition's `next_offset` (0 for a partition never seen). See `lockCheckpoint`.
 */
export async function lockCheckpoints(
  trx: Kysely<Database>,
  projection: string,
  topic: string,
  partitions: readonly number[],
): Promise<Map<number, number>> {
  const wanted = [...new Set(partitions)].sort((a, b) => a - b);
  const select = async () => {
    const { rows } = await sql<{ partition: number; next_offset: number }>`
      SELECT partition, next_offset FROM projection_checkpoints
       WHERE projection = ${projection} AND topic = ${topic}
         AND partition = ANY(${wanted}::int[])
       ORDER BY partition
         FOR UPDATE`.execute(trx);
    return new Map(rows.map((r) => [r.partition, Number(r.next_offset)]));
  };
  const found = await select();
  const missing = wanted.filter((p) => !found.has(p));
  if (missing.length === 0) return found;
  // Two first batches may race to create a row: one inserts, the other does nothing, and both
  // then lock the same row.
  await trx
    .insertInto('projection_checkpoints')
    .values(missing.map((partition) => ({ projection, topic, partition, next_offset: 0 })))
    .onConflict((oc) => oc.columns(['projection', 'topic', 'partition']).doNothing())
    .execute();
  const created = await select();
  for (const p of wanted) {
    if (!created.has(p)) throw new Error(`checkpoint row of ${projection} ${topic}/${p} vanished`);
  }
  return created;
}

/**
 * Moves the checkpoints of several partitions of one topic forward, in one statement, never
 * backwards (a zombie that finishes late cannot roll one back).
 */
export async function advanceCheckpoints(
  trx: Kysely<Database>,
  projection: string,
  topic: string,
  next: ReadonlyMap<number, number>,
): Promise<void> {
  if (next.size === 0) return;
  const partitions = [...next.keys()];
  await sql`
    UPDATE projection_checkpoints c
       SET next_offset = v.next_offset, updated_at = now()
      FROM unnest(${partitions}::int[],
                  ${partitions.map((p) => next.get(p) ?? 0)}::bigint[])
           AS v(partition, next_offset)
     WHERE c.projection = ${projection} AND c.topic = ${topic}
       AND c.partition = v.partition AND c.next_offset < v.next_offset`.execute(trx);
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
