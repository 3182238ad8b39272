import type { ColumnType, Selectable } from 'kysely';
import type { JsonObject, JsonObjectInput } from '../json-value.js';

/**
 * Each lead's state as its events fold to (`state`, the domain's `LeadSnapshot` as JSON) at
 * `version`, the version of its last event. Written only by `append_commands`, in the transaction
 * that appends the events, so it is never behind the stream. Owned by the command service.
 */
export interface LeadSnapshotsTable {
  lead_id: string;
  version: number;
  state: ColumnType<JsonObject, JsonObjectInput, JsonObjectInput>;
}

/** A row read from `lead_snapshots`. */
export type LeadSnapshotRow = Selectable<LeadSnapshotsTable>;
