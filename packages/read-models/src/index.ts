export {
  projectionName,
  readModelDdl,
  readModelSchemaName,
  type FunnelDaily,
  type FunnelDailyRow,
  type Lead,
  type LeadRow,
  type NewLead,
  type ParkedEventRow,
  type ReadModelDatabase,
} from './read-model-schema.js';
export {
  foldFunnel,
  type FoldOutcome,
  type FunnelFoldInput,
  type FunnelFoldResult,
  type ParkCode,
} from './funnel/fold.js';
export { applyFunnelBatch, type FunnelBatchWrite } from './funnel/apply.js';
export {
  ensureLiveVersion,
  listVersions,
  liveVersion,
  type ProjectionVersion,
  type ProjectionVersionState,
} from './versions.js';
export {
  queryFunnel,
  type FunnelFilters,
  type FunnelResponse,
  type FunnelStage,
} from './funnel/query.js';
