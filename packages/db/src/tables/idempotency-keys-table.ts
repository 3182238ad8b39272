import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { JsonObject, JsonObjectInput } from '../json-value.js';

/**
 * The first result given to each `Idempotency-Key`, per scope (e.g. `POST /v1/leads`), so a
 * repeated request gets the same answer and writes nothing. `request_hash` tells a true repeat
 * from a reuse of the key with another body (`422 idempotency_key_reused`). Rows expire by
 * `created_at` (indexed).
 */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  /** The command's result (the lead as it left it, `lastPosition`); the route maps it to HTTP. */
  result: ColumnType<JsonObject, JsonObjectInput, JsonObjectInput>;
  created_at: Generated<Date>;
}

/** A row read from `idempotency_keys`. */
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;

/** A row to add to `idempotency_keys`. */
export type NewIdempotencyKeyRow = Insertable<IdempotencyKeysTable>;
