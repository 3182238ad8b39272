export { buildProjectorApp, type ProjectorAppOptions } from './app.js';
export { loadProjectorConfig, projectorConfigSchema, type ProjectorConfig } from './ops/config.js';
export {
  readProjectionStatus,
  type PartitionStatus,
  type ProjectionStatus,
  type StatusSources,
} from './ops/projection-status.js';
export {
  Projector,
  type PartitionProgress,
  type ProjectorOptions,
  type ProjectorSnapshot,
  type ProjectorState,
  type ProjectorTotals,
} from './live/projector.js';
