import type { Database } from '@dealflow/db';
import type { KafkaAdmin } from '@dealflow/kafka';
import type { Kysely } from 'kysely';
import { readCheckpoints } from '../apply/checkpoint.js';
import type { PartitionProgress } from './projector-types.js';

/** An assigned partition that ends before the checkpoint stored for it. */
export interface BehindTopicEnd {
  partition: number;
  checkpoint: number;
  topicEnd: number;
}

/** What the projector logs when it stops on a topic shorter than its checkpoints. */
export const DIVERGED_MESSAGE =
  'the topic ends before the stored checkpoints: it was recreated or truncated beneath ' +
  'these read models; nothing more is applied. Restore the topic, or rebuild the read ' +
  'models from the event store (npm run ops -- rebuild --from events-table)';

/**
 * The assigned partitions that end before their stored checkpoint (`next`): the topic was
 * recreated or truncated beneath the read models. Seeking there would make Kafka start the
 * partition over, and every record below the checkpoint would be dropped as applied before —
 * new events lost without a word. The end is read after the checkpoints and only grows, so a
 * healthy topic never has one.
 */
async function partitionsBehindCheckpoints(
  admin: KafkaAdmin,
  topic: string,
  next: ReadonlyMap<number, number>,
  partitions: readonly number[],
): Promise<BehindTopicEnd[]> {
  if (partitions.length === 0) return [];
  const heads = await admin.topicOffsets(topic);
  return heads.flatMap(({ partition, high }) => {
    const checkpoint = next.get(partition) ?? 0;
    return partitions.includes(partition) && checkpoint > high
      ? [{ partition, checkpoint, topicEnd: high }]
      : [];
  });
}

/**
 * Where each assigned partition resumes: its stored checkpoint, or what this process applied
 * since, when further. Batches may flow while the checkpoints are read: never rewind past what
 * this process has committed since (harmless, the checkpoint lock drops it, but wasted work).
 */
function resumeOffsets(
  partitions: readonly number[],
  next: ReadonlyMap<number, number>,
  applied: ReadonlyMap<number, PartitionProgress>,
): [partition: number, offset: number][] {
  return partitions.map((partition) => [
    partition,
    Math.max(next.get(partition) ?? 0, applied.get(partition)?.nextOffset ?? 0),
  ]);
}

/** Where the assigned partitions resume, or the ones that end before their checkpoint. */
export interface ResumePlan {
  /** The checkpoints stored beside the read models, per partition. */
  stored: Record<number, number>;
  /** Per assigned partition, the offset to seek to; empty when `behind` is not. */
  offsets: [partition: number, offset: number][];
  /** Assigned partitions shorter than their checkpoint: the projector must stop. */
  behind: BehindTopicEnd[];
}

/**
 * Reads the checkpoints of `projection` for the assigned `partitions` and says where each
 * resumes ({@link resumeOffsets}), unless one ends before its checkpoint
 * ({@link partitionsBehindCheckpoints}; no admin client, no check).
 */
export async function resumePlan(
  db: Kysely<Database>,
  admin: KafkaAdmin | undefined,
  at: { projection: string; topic: string },
  partitions: readonly number[],
  applied: ReadonlyMap<number, PartitionProgress>,
): Promise<ResumePlan> {
  const checkpoints = await readCheckpoints(db, at.projection, at.topic);
  const next = new Map(checkpoints.map((c) => [c.partition, c.nextOffset]));
  const behind =
    admin === undefined ? [] : await partitionsBehindCheckpoints(admin, at.topic, next, partitions);
  return {
    stored: Object.fromEntries(next),
    offsets: behind.length > 0 ? [] : resumeOffsets(partitions, next, applied),
    behind,
  };
}
