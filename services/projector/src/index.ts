export { buildProjectorApp, type ProjectorAppOptions } from './app.js';
export { loadProjectorConfig, projectorConfigSchema, type ProjectorConfig } from './config.js';
export {
  readProjectionStatus,
  type PartitionStatus,
  type ProjectionStatus,
  type StatusSources,
} from './projection-status.js';
export {
  Projector,
  type PartitionProgress,
  type ProjectorOptions,
  type ProjectorSnapshot,
  type ProjectorState,
  type ProjectorTotals,
} from './projector.js';
