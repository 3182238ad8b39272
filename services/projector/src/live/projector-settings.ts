import { projectionName } from '@dealflow/read-models';
import type { ProjectionTarget } from '../apply/apply-chunk.js';
import type { ProjectorOptions } from './projector-types.js';

/** A projector's options with every default filled in. */
export type ProjectorSettings = Required<
  Omit<ProjectorOptions, 'onPoison' | 'skipRecords' | 'replayRetried'>
> &
  ProjectorOptions;

/** The defaults documented on {@link ProjectorOptions}. */
export function withDefaults(options: ProjectorOptions): ProjectorSettings {
  return {
    ...options,
    maxBatchBytes: options.maxBatchBytes ?? 1024 * 1024,
    maxChunkRecords: options.maxChunkRecords ?? 2_000,
    livenessIntervalMs: options.livenessIntervalMs ?? 2_000,
    heartbeatStaleMs: options.heartbeatStaleMs ?? 30_000,
    summaryIntervalMs: options.summaryIntervalMs ?? 10_000,
    role: options.role ?? 'live',
    liveCheckMs: options.liveCheckMs ?? 1_000,
    concurrency: options.concurrency ?? 32,
    minBytes: options.minBytes ?? 1,
    maxWaitMs: options.maxWaitMs ?? 100,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
  };
}

/**
 * What the chunks of a projector write to: read-model `version`. A `rebuild` projector fills a
 * building version; a `live` one applies only while its version is live (`whileLive`).
 */
export function targetOf(settings: ProjectorSettings, version: number): ProjectionTarget {
  const { db, pipelines, skipRecords, replayRetried, role } = settings;
  return {
    db,
    version,
    projection: projectionName(version),
    pipelines,
    building: role === 'rebuild',
    whileLive: role === 'live',
    ...(skipRecords !== undefined && { skip: skipRecords }),
    ...(replayRetried !== undefined && { replay: replayRetried }),
  };
}
