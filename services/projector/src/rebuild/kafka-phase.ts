import type { Database } from '@dealflow/db';
import { kafkaConnectionToPlain } from '@dealflow/kafka';
import { anyParked } from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import { inheritDiscards, inheritRetries } from '../parked/parked-events.js';
import { Projector } from '../live/projector.js';
import { finishBulkLoad } from './finish-bulk-load.js';
import { poisonError } from './rebuild-failed-error.js';
import { kafkaProgress, type RebuildProgress } from './rebuild-progress.js';
import type { RebuildOptions } from './rebuild-options.js';
import { RebuildWorkers } from './rebuild-workers.js';
import { switchLive } from './switch-live.js';

/** What {@link runKafkaPhase} needs: the rebuild's options, for one version. */
export interface KafkaPhaseOptions extends Omit<
  RebuildOptions,
  'from' | 'resumeOnly' | 'onProgress'
> {
  version: number;
  onProgress: (progress: RebuildProgress) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Throws the first parked record of the version: in rebuild mode nothing may be parked (the
 * discarded ones inherited from the live version are decisions, not failures).
 */
async function assertNothingParked(db: Kysely<Database>, version: number): Promise<void> {
  if (await anyParked(db, version)) throw await poisonError(db, version);
}

/**
 * Folds the topic into the building version with its own consumer group (every partition at
 * once, large fetches, large chunks; resuming from the version's checkpoints), reports
 * progress, and once little is left to apply, builds what the bulk load deferred (the daily
 * tables, set-based from `metric_events`; the secondary indexes) and switches the
 * version live (retrying while traffic keeps it a step behind). Stops its consumer before
 * returning.
 *
 * @returns the previously live version
 * @throws RebuildFailedError at the first record the projection cannot apply
 */
export async function runKafkaPhase(opts: KafkaPhaseOptions): Promise<number | undefined> {
  const { db, admin, topic, version } = opts;
  const partitions = (await admin.topicOffsets(topic)).length;
  // What ops discarded as dead letters live is passed over here too (and stays discarded).
  const skipRecords = await inheritDiscards(db, topic, version);
  if (skipRecords.size > 0) {
    opts.logger.info({ records: skipRecords.size }, 'passing over records discarded by ops');
  }
  // What ops retried live (records applied later, in version order) is done again here.
  const replayRetried = await inheritRetries(db, topic, version);
  if (replayRetried.records.size > 0) {
    opts.logger.info({ records: replayRetried.records.size }, 'replaying records retried by ops');
  }
  // Set when a consumer met a record it cannot apply (the record is read back from the database).
  let poisoned = false;
  const consumer = {
    topic,
    // A group of its own per run: positions come from the version's checkpoints, and a resumed
    // run must not wait for the session of a killed one to expire before it is assigned.
    groupId: `${opts.groupId}.rebuild.v${version}.${Date.now().toString(36)}`,
    version,
    maxBatchBytes: opts.maxBatchBytes ?? 16 * 1024 * 1024,
    maxChunkRecords: opts.chunkRecords ?? 10_000,
    maxWaitMs: 200,
  };
  const threads = opts.workers?.count ?? 1;
  const projector =
    opts.workers !== undefined && threads > 1
      ? new RebuildWorkers(
          threads,
          {
            ...consumer,
            databaseUrl: opts.workers.databaseUrl,
            kafka: kafkaConnectionToPlain(opts.workers.kafka),
            clientId: 'dealflow-rebuild',
            logLevel: opts.logger.level,
            logFd: opts.workers.logFd ?? 1,
            pipelines: [...opts.pipelines.list()],
            skipRecords: [...skipRecords],
            replay: { records: [...replayRetried.records], leads: [...replayRetried.leads] },
            concurrency: Math.max(1, Math.ceil(partitions / threads)),
          },
          opts.logger,
          () => {
            poisoned = true;
          },
        )
      : new Projector({
          ...consumer,
          db,
          kafka: opts.kafka,
          pipelines: opts.pipelines,
          logger: opts.logger,
          role: 'rebuild',
          skipRecords,
          replayRetried,
          concurrency: Math.max(1, partitions),
          onPoison: () => {
            poisoned = true;
          },
        });
  await projector.start();
  let finished = false;
  try {
    for (;;) {
      if (poisoned) throw await poisonError(db, version);
      if (projector.snapshot().state === 'crashed') throw new Error('rebuild consumer crashed');
      const progress = await kafkaProgress(db, admin, topic, version);
      opts.onProgress({ version, phase: 'kafka', done: progress.done, total: progress.total });
      if (progress.lag <= (opts.switchLagEvents ?? 2_000)) {
        opts.onProgress({ version, phase: 'switching', ...progress });
        if (!finished) {
          await finishBulkLoad(db, version, opts.logger, (done, total) =>
            opts.onProgress({ version, phase: 'cells', done, total }),
          );
          finished = true;
          // Building the tables and indexes took a while: catch up again before holding the
          // live feed.
          await sleep(opts.progressIntervalMs ?? 500);
          continue;
        }
        const previous = await switchLive({
          db,
          admin,
          topic,
          version,
          timeoutMs: opts.switchTimeoutMs ?? 15_000,
          verify: (trx) => assertNothingParked(trx, version),
        });
        if (previous !== false) return previous;
        opts.logger.info('not caught up within the switch timeout; retrying');
      }
      await sleep(opts.progressIntervalMs ?? 500);
    }
  } finally {
    await projector.stop();
  }
}
