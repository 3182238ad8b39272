import {
  beginBuild,
  deferDailyTables,
  dropSecondaryIndexes,
  failVersion,
  listVersions,
  projectionName,
} from '@dealflow/read-models';
import { sql } from 'kysely';
import { runKafkaPhase } from './kafka-phase.js';
import { seedFromLive } from './events-table-source.js';
import { RebuildFailedError } from './rebuild-failed-error.js';
import type { RebuildOptions, RebuildSource } from './rebuild-options.js';
import { replayEventsTable } from './table-phase.js';

export type { RebuildOptions, RebuildSource, RebuildWorkersOptions } from './rebuild-options.js';

/** A rebuild under way: its version, and a promise of its outcome. */
export interface RunningRebuild {
  version: number;
  resumed: boolean;
  source: RebuildSource;
  /** Resolves once the version is live; rejects on failure (the version is then `failed`). */
  done: Promise<RebuildResult>;
}

/** A finished rebuild. */
export interface RebuildResult {
  version: number;
  /** The version that was live before the switch (now retired). */
  previous: number | undefined;
  seconds: number;
}

/** One rebuild at a time across processes (session lock; bytes spell "df.rebld"). */
const REBUILD_LOCK_KEY = 0x64662e7265626c64n;

/** Another process (or request) is rebuilding already. */
export class RebuildBusyError extends Error {
  override readonly name = 'RebuildBusyError';
}

const sourceOf = (text: string): RebuildSource =>
  text === 'events-table' ? 'events-table' : 'kafka';

/**
 * Starts (or resumes) a rebuild: creates version N+1 (`building`, its own schema and
 * checkpoints) or continues the unfinished one, folds the history into it — from the events
 * table first when asked, then the Kafka topic from its checkpoints (offset 0 for a new
 * version) — while the live version keeps serving, and switches it live once it holds
 * everything (see `switchLive`). Never produces to Kafka. Resolves once the version exists;
 * `done` settles when it is live or has failed.
 *
 * @throws RebuildBusyError when another rebuild holds the rebuild lock
 */
export async function startRebuild(opts: RebuildOptions): Promise<RunningRebuild> {
  let started: (r: Omit<RunningRebuild, 'done'>) => void = () => undefined;
  const ready = new Promise<Omit<RunningRebuild, 'done'>>((resolve) => (started = resolve));
  const done = opts.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`
      SELECT pg_try_advisory_lock(${REBUILD_LOCK_KEY}) AS ok
    `.execute(conn);
    if (rows[0]?.ok !== true) throw new RebuildBusyError('a rebuild is already running');
    try {
      return await prepareAndRun(opts, started);
    } finally {
      await sql`SELECT pg_advisory_unlock(${REBUILD_LOCK_KEY})`.execute(conn);
    }
  });
  const first = await Promise.race([ready, done.then(() => undefined)]);
  if (first === undefined) throw new Error('rebuild finished before it started');
  return { ...first, done };
}

async function prepareAndRun(
  opts: RebuildOptions,
  started: (r: Omit<RunningRebuild, 'done'>) => void,
): Promise<RebuildResult> {
  const { db, topic } = opts;
  if (opts.resumeOnly === true) {
    const building = (await listVersions(db)).some((v) => v.state === 'building');
    if (!building) throw new RebuildFailedError('no unfinished rebuild to resume');
  }
  const from = opts.from ?? 'kafka';
  const plan = await beginBuild(db, {
    source: from,
    prepare: async (trx, v) => {
      // A bulk load writes leads and metric_events only; the daily tables are summed from the
      // events once, near the end (runKafkaPhase). Recorded in the version, so a resumed
      // rebuild knows.
      await deferDailyTables(trx, v);
      if (from === 'events-table') await seedFromLive(trx, v, topic);
    },
  });
  const source = sourceOf(plan.source);
  const { version } = plan;
  const log = opts.logger.child({ rebuild: projectionName(version), source });
  log.info({ resumed: plan.resumed }, plan.resumed ? 'resuming rebuild' : 'rebuild started');
  started({ version, resumed: plan.resumed, source });
  const startedAt = Date.now();
  const onProgress = opts.onProgress ?? (() => undefined);
  try {
    const target = {
      db,
      version,
      projection: projectionName(version),
      pipelines: opts.pipelines,
      building: true,
    };
    const deferred = await dropSecondaryIndexes(db, version);
    log.debug({ deferred }, 'secondary indexes deferred to the end of the build');
    if (source === 'events-table')
      await replayEventsTable(target, opts.chunkRecords ?? 10_000, onProgress);
    const previous = await runKafkaPhase({ ...opts, version, onProgress, logger: log });
    const seconds = (Date.now() - startedAt) / 1000;
    log.info({ previous, seconds }, 'rebuilt version is live');
    onProgress({ version, phase: 'live', done: 1, total: 1 });
    return { version, previous, seconds };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error({ err }, 'rebuild failed; the live version is untouched');
    await failVersion(db, version, message);
    throw err;
  }
}
