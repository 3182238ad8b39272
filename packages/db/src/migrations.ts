import type { Migration } from 'kysely';
import * as events from './migrations/0001_events.js';
import * as outbox from './migrations/0002_outbox.js';
import * as idempotencyKeys from './migrations/0003_idempotency_keys.js';
import * as projectionCheckpoints from './migrations/0004_projection_checkpoints.js';
import * as projectionVersions from './migrations/0005_projection_versions.js';
import * as parkedEventResolution from './migrations/0006_parked_event_resolution.js';
import * as wonRowsCoveringIndex from './migrations/0007_won_rows_covering_index.js';
import * as leadSnapshots from './migrations/0008_lead_snapshots.js';
import * as idempotencyResults from './migrations/0009_idempotency_results.js';
import * as appendCommands from './migrations/0010_append_commands.js';
import * as appliedPosition from './migrations/0011_applied_position.js';
import * as wonHistograms from './migrations/0012_won_histograms.js';
import * as ownerSourceRollups from './migrations/0013_owner_source_rollups.js';
import * as leadLists from './migrations/0014_lead_lists.js';
import * as leadListCoveringIndexes from './migrations/0015_lead_list_covering_indexes.js';
import * as leadKeys from './migrations/0016_lead_keys.js';
import * as monthlyCells from './migrations/0017_monthly_cells.js';
import * as leadWords from './migrations/0018_lead_words.js';
import * as seriesCells from './migrations/0019_series_cells.js';
import * as wonAmountBySize from './migrations/0020_won_amount_by_size.js';
import * as histogramCellsByMeasure from './migrations/0021_histogram_cells_by_measure.js';
import * as visitsInOccurredCover from './migrations/0022_visits_in_occurred_cover.js';
import * as visitsByCreated from './migrations/0023_visits_by_created.js';
import * as fineHistogram from './migrations/0024_fine_histogram.js';
import * as activityHourly from './migrations/0025_activity_hourly.js';
import * as wonRowsByOccurred from './migrations/0026_won_rows_by_occurred.js';
import * as createdCover from './migrations/0027_created_cover.js';
import * as metricTotal from './migrations/0028_metric_total.js';
import * as seriesByCreationMonth from './migrations/0029_series_by_creation_month.js';
import * as hourlyHistogram from './migrations/0030_hourly_histogram.js';
import * as wonStatsTotal from './migrations/0031_won_stats_total.js';
import * as visitBucketIndexes from './migrations/0032_visit_bucket_indexes.js';
import * as amountBucketIndexes from './migrations/0033_amount_bucket_indexes.js';
import * as cycleBucketIndex from './migrations/0034_cycle_bucket_index.js';
import * as fineMonthly from './migrations/0035_fine_monthly.js';

/**
 * The core schema's migrations, in the order they run. Names are `NNNN_snake_case`; a new
 * migration gets the next number and is added at the end. Never rename or edit one that shipped.
 *
 * Services do not append here: they pass their own to `migrateToLatest(db, extra)`.
 */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_events': events,
  '0002_outbox': outbox,
  '0003_idempotency_keys': idempotencyKeys,
  '0004_projection_checkpoints': projectionCheckpoints,
  '0005_projection_versions': projectionVersions,
  '0006_parked_event_resolution': parkedEventResolution,
  '0007_won_rows_covering_index': wonRowsCoveringIndex,
  '0008_lead_snapshots': leadSnapshots,
  '0009_idempotency_results': idempotencyResults,
  '0010_append_commands': appendCommands,
  '0011_applied_position': appliedPosition,
  '0012_won_histograms': wonHistograms,
  '0013_owner_source_rollups': ownerSourceRollups,
  '0014_lead_lists': leadLists,
  '0015_lead_list_covering_indexes': leadListCoveringIndexes,
  '0016_lead_keys': leadKeys,
  '0017_monthly_cells': monthlyCells,
  '0018_lead_words': leadWords,
  '0019_series_cells': seriesCells,
  '0020_won_amount_by_size': wonAmountBySize,
  '0021_histogram_cells_by_measure': histogramCellsByMeasure,
  '0022_visits_in_occurred_cover': visitsInOccurredCover,
  '0023_visits_by_created': visitsByCreated,
  '0024_fine_histogram': fineHistogram,
  '0025_activity_hourly': activityHourly,
  '0026_won_rows_by_occurred': wonRowsByOccurred,
  '0027_created_cover': createdCover,
  '0028_metric_total': metricTotal,
  '0029_series_by_creation_month': seriesByCreationMonth,
  '0030_hourly_histogram': hourlyHistogram,
  '0031_won_stats_total': wonStatsTotal,
  '0032_visit_bucket_indexes': visitBucketIndexes,
  '0033_amount_bucket_indexes': amountBucketIndexes,
  '0034_cycle_bucket_index': cycleBucketIndex,
  '0035_fine_monthly': fineMonthly,
});
