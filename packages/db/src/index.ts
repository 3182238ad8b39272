export { transactionWithClient } from './client-transaction.js';
export { createDb, type CreateDbOptions, type DbHandle } from './create-db.js';
export type { Database } from './database.js';
export {
  databasePoolMax,
  dbConfigSchema,
  loadDbConfig,
  renamedVariable,
  type DbConfig,
} from './db-config.js';
export type { JsonObject, JsonObjectInput, JsonValue } from './json-value.js';
export { migrateToLatest } from './migrate-to-latest.js';
export { MigrationFailedError } from './migration-failed-error.js';
export { migrations } from './migrations.js';
export { fineValueBounds, valueBounds } from './migrations/value-bounds.js';
export { RELAY_LOCK_KEY } from './relay-lock-key.js';
export { safeInt8Types } from './safe-int8-types.js';
export type { EventRow, EventsTable, NewEventRow } from './tables/events-table.js';
export type {
  IdempotencyKeyRow,
  IdempotencyKeysTable,
  NewIdempotencyKeyRow,
} from './tables/idempotency-keys-table.js';
export type { LeadKeyRow, LeadKeysTable } from './tables/lead-keys-table.js';
export { readLeadKeys, type LeadKeyState } from './lead-keys.js';
export type { LeadSnapshotRow, LeadSnapshotsTable } from './tables/lead-snapshots-table.js';
export { BACKFILL_LEAD_SNAPSHOTS } from './migrations/0008_lead_snapshots.js';
export type { NewOutboxRow, OutboxRow, OutboxTable } from './tables/outbox-table.js';
export type {
  NewProjectionCheckpointRow,
  ProjectionCheckpointRow,
  ProjectionCheckpointsTable,
  ProjectionCheckpointUpdate,
} from './tables/projection-checkpoints-table.js';
export type {
  ProjectionVersionRow,
  ProjectionVersionsTable,
} from './tables/projection-versions-table.js';
