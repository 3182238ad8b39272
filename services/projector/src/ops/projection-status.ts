import type { Database } from '@dealflow/db';
import type { KafkaAdmin, PartitionOffsets } from '@dealflow/kafka';
import {
  countParked,
  listVersions,
  projectionName,
  type ProjectionVersion,
  type ProjectionVersionState,
} from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import { readCheckpoints } from '../apply/checkpoint.js';
import type { ProjectorSnapshot } from '../live/projector-types.js';

/** How far one partition is applied. Offsets follow Kafka's convention: the next offset. */
export interface PartitionStatus {
  partition: number;
  /** The partition's high watermark: the offset the next record will get. */
  headOffset: number;
  /** The stored checkpoint: the next offset to apply (0 when nothing was applied). */
  appliedOffset: number;
}

/** One read-model version's progress: the `projections[]` items of `GET /v1/projections`. */
export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionVersionState;
  lagEvents: number;
  /** 0 when caught up; an upper bound of the oldest unapplied record's age; null if unknown. */
  lagSeconds: number | null;
  /** Last sign of life of the consumer writing this version, when it runs in this process. */
  heartbeatAt: string | null;
  /** Events parked (dead-lettered) and not yet retried or discarded. */
  parked: number;
  partitions: PartitionStatus[];
}

/** Where {@link readProjectionStatus} looks. */
export interface StatusSources {
  db: Kysely<Database>;
  admin: KafkaAdmin;
  topic: string;
  /** The projector of this process, if any: it knows its heartbeat and last record times. */
  projector?: { snapshot(): ProjectorSnapshot };
  now?: () => Date;
}

/**
 * The progress of every read-model version: head offsets from Kafka, applied offsets from the
 * checkpoints, lag in events and seconds, heartbeat, parked count.
 *
 * `lagSeconds`: the age of the oldest unapplied record is not known without reading it, so it
 * is bounded from above by the age of the last applied record of each lagging partition (the
 * next record was written after it), taken from the running projector, else from the
 * checkpoint's `updated_at`; the largest over partitions. 0 when caught up.
 */
export async function readProjectionStatus(src: StatusSources): Promise<ProjectionStatus[]> {
  const [versions, heads] = await Promise.all([
    listVersions(src.db),
    src.admin.topicOffsets(src.topic),
  ]);
  const now = (src.now ?? (() => new Date()))().getTime();
  const snapshot = src.projector?.snapshot();
  return Promise.all(
    versions.map((v) =>
      versionStatus(src, v, heads, now, snapshot?.version === v.version ? snapshot : undefined),
    ),
  );
}

async function versionStatus(
  src: StatusSources,
  version: ProjectionVersion,
  heads: readonly PartitionOffsets[],
  now: number,
  running: ProjectorSnapshot | undefined,
): Promise<ProjectionStatus> {
  const name = projectionName(version.version);
  const [checkpoints, parked] = await Promise.all([
    readCheckpoints(src.db, name, src.topic),
    countParked(src.db, version.version),
  ]);
  const byPartition = new Map(checkpoints.map((c) => [c.partition, c]));
  let lagEvents = 0;
  let lagSeconds: number | null = 0;
  const partitions = [...heads]
    .sort((a, b) => a.partition - b.partition)
    .map((head): PartitionStatus => {
      const checkpoint = byPartition.get(head.partition);
      const applied = checkpoint?.nextOffset ?? 0;
      const lag = Math.max(0, head.high - Math.max(applied, head.low));
      lagEvents += lag;
      if (lag > 0) {
        const since =
          running?.partitions.get(head.partition)?.lastTimestamp ?? checkpoint?.updatedAt.getTime();
        lagSeconds =
          since === undefined || lagSeconds === null
            ? null
            : Math.max(lagSeconds, Math.max(0, (now - since) / 1000));
      }
      return { partition: head.partition, headOffset: head.high, appliedOffset: applied };
    });
  return {
    name,
    version: version.version,
    state: version.state,
    lagEvents,
    lagSeconds,
    heartbeatAt: running?.heartbeatAt?.toISOString() ?? null,
    parked,
    partitions,
  };
}
