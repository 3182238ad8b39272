export { buildProjectorApp, type ProjectorAppOptions } from './app.js';
export { loadProjectorConfig, projectorConfigSchema, type ProjectorConfig } from './ops/config.js';
export {
  readProjectionStatus,
  type PartitionStatus,
  type ProjectionStatus,
  type StatusSources,
} from './ops/projection-status.js';
export { Projector } from './live/projector.js';
export type {
  PartitionProgress,
  ProjectorOptions,
  ProjectorSnapshot,
  ProjectorState,
  ProjectorTotals,
} from './live/projector-types.js';
export { WonStatsRefresher, type WonStatsRefresherOptions } from './live/won-stats-refresher.js';
