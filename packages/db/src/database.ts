import type { EventsTable } from './tables/events-table.js';
import type { IdempotencyKeysTable } from './tables/idempotency-keys-table.js';
import type { LeadKeysTable } from './tables/lead-keys-table.js';
import type { LeadSnapshotsTable } from './tables/lead-snapshots-table.js';
import type { OutboxTable } from './tables/outbox-table.js';
import type { ProjectionCheckpointsTable } from './tables/projection-checkpoints-table.js';
import type { ProjectionVersionsTable } from './tables/projection-versions-table.js';

/**
 * The tables `@dealflow/db`'s own migrations create. A service that adds tables in its own
 * migrations widens the type where it uses them:
 *
 * @example
 * const { db } = createDb({ url });
 * const projectorDb = db.withTables<{ lead_view: LeadViewTable }>();
 */
export interface Database {
  events: EventsTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  lead_snapshots: LeadSnapshotsTable;
  lead_keys: LeadKeysTable;
  projection_checkpoints: ProjectionCheckpointsTable;
  projection_versions: ProjectionVersionsTable;
}
