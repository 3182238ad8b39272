import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * Each lead's data key: 32 random bytes (AES-256-GCM) that seal its personal fields in the
 * events. Inserted by `append_commands` in the transaction that appends the lead's
 * `LeadCreated`; erasure sets `key` to NULL and `erased_at` (a tombstone), so an erased lead is
 * told apart from a key that is missing by accident (no row). Owned by the command service;
 * the projector only reads it. Never logged, never published.
 */
export interface LeadKeysTable {
  lead_id: string;
  key: Buffer | null;
  created_at: Generated<Date>;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A row read from `lead_keys`. */
export type LeadKeyRow = Selectable<LeadKeysTable>;
