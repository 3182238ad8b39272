import type { Database } from '@dealflow/db';
import type { KafkaAdmin } from '@dealflow/kafka';
import { projectionName } from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import { readCheckpoints } from '../apply/checkpoint.js';

/**
 * How far a building version is, in records — or, in the `cells` phase (the set-based build of
 * the cell tables once the records are nearly all in), in parts of that build.
 */
export interface RebuildProgress {
  version: number;
  phase: 'events-table' | 'kafka' | 'cells' | 'switching' | 'live';
  /** Records applied (or skipped as already applied) so far in this phase; parts built. */
  done: number;
  /** Records of this phase: done + what is left to reach the head; parts in all. */
  total: number;
}

/**
 * Progress of the Kafka phase: per partition, applied = the version's checkpoint, head = the
 * high watermark; done = Σ (applied − low), total = Σ (head − low). `lag` is what is left.
 */
export async function kafkaProgress(
  db: Kysely<Database>,
  admin: KafkaAdmin,
  topic: string,
  version: number,
): Promise<{ done: number; total: number; lag: number }> {
  const [heads, stored] = await Promise.all([
    admin.topicOffsets(topic),
    readCheckpoints(db, projectionName(version), topic),
  ]);
  const applied = new Map(stored.map((c) => [c.partition, c.nextOffset]));
  let done = 0;
  let total = 0;
  for (const h of heads) {
    const at = Math.min(Math.max(applied.get(h.partition) ?? 0, h.low), h.high);
    done += at - h.low;
    total += h.high - h.low;
  }
  return { done, total, lag: total - done };
}
