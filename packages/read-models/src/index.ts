export {
  projectionName,
  readModelDdl,
  readModelDb,
  readModelSchemaName,
  type FunnelDaily,
  type FunnelDailyRow,
  type Lead,
  type LeadRow,
  type NewLead,
  type ParkedEventRow,
  type ReadModelDatabase,
} from './read-model-schema.js';
export { advanceAppliedPosition, readAppliedPosition } from './applied-position.js';
export { clearReadModelNumbers } from './clear-numbers.js';
export {
  foldFunnel,
  type FoldOutcome,
  type FunnelFoldInput,
  type FunnelFoldResult,
  type ParkCode,
} from './funnel/fold.js';
export { applyFunnelBatch, type FunnelBatchWrite } from './funnel/apply.js';
export {
  buildDeferredDailyTables,
  dailyTablesPending,
  deferDailyTables,
} from './deferred-daily-tables.js';
export {
  activateVersion,
  holdLiveFeed,
  beginBuild,
  dropVersion,
  ensureLiveVersion,
  failVersion,
  freezeLiveFeed,
  listVersions,
  liveVersion,
  rollbackVersion,
  type BuildPlan,
  type ProjectionVersion,
  type ProjectionVersionState,
} from './versions.js';
export {
  queryFunnel,
  type FunnelFilters,
  type FunnelResponse,
  type FunnelStage,
} from './funnel/query.js';
export {
  METRIC_COUNTERS,
  type MetricCounters,
  type MetricEventDelta,
} from './metrics/metric-counters.js';
export type { MetricFilters } from './metrics/metric-scope.js';
export type { Interval } from './metrics/sum-metric-deltas.js';
export type {
  PerCurrency,
  ReasonRow,
  ReasonsResponse,
  StageDurationRow,
  StageDurationsResponse,
  SummaryResponse,
  TimeseriesPoint,
  TimeseriesResponse,
} from './metrics/metric-responses.js';
export { queryMetricFunnel, type FunnelMode } from './metrics/query-metric-funnel.js';
export { querySummary } from './metrics/query-summary.js';
export { refreshWonStats, staleWonStats } from './metrics/won-stats-total.js';
export { queryReasons, UNSPECIFIED_REASON } from './metrics/query-reasons.js';
export { queryStageDurations } from './metrics/query-stage-durations.js';
export { queryTimeseries } from './metrics/query-timeseries.js';
export { liveReadModelPosition, type ReadModelPosition } from './applied-position.js';
export { allLeads, appliedLeadVersion, loadLeads } from './funnel/load-leads.js';
export { nonZeroFunnelRows } from './funnel/funnel-rows.js';
export { parkEvents, type NewParkedEvent } from './parked/park-events.js';
export {
  anyParked,
  countParked,
  findParkedLeads,
  firstParked,
  listParkedRows,
  parkedPositions,
  parkedRowById,
  parkedRowsBeside,
  parkedRowsOfLeads,
  type ParkedRow,
  type ParkedRowFilter,
  type ParkedStatus,
} from './parked/parked-rows.js';
export {
  claimUnpublished,
  copyDiscarded,
  markDiscarded,
  markPublished,
  markRetried,
  markStillParked,
} from './parked/parked-updates.js';
export { readReplayHorizon, storeReplayHorizon } from './replay-horizon.js';
export { dropSecondaryIndexes, restoreIndexes } from './secondary-indexes.js';
export { applyLeadListBatch } from './lead-list/apply-lead-list.js';
export { leadListWrites, stageEntered, type LeadListBatch } from './lead-list/lead-list-writes.js';
export { queryLeadList } from './lead-list/query-lead-list.js';
export { LEAD_LIST_COUNT_CAP } from './lead-list/list-conditions.js';
export { queryLead } from './lead-list/query-lead.js';
export { leadListDdl } from './lead-list/lead-list-ddl.js';
export type {
  LeadDetail,
  LeadListFilters,
  LeadListItem,
  LeadListPage,
  LeadListPosition,
  LeadListRequest,
  LeadListTotal,
  LeadSortKey,
  StageVisit,
} from './lead-list/lead-list-types.js';
