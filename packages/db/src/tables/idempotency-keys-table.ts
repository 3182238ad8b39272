import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { JsonObject, JsonObjectInput, JsonValue } from '../json-value.js';

/**
 * The first answer given to each `Idempotency-Key`, per scope (e.g. `POST /v1/leads`), so a
 * repeated request gets the same answer and writes nothing. `request_hash` tells a true repeat
 * from a reuse of the key with another body (`422 idempotency_key_reused`). Rows expire by
 * `created_at` (indexed).
 */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: ColumnType<JsonValue, JsonObjectInput, JsonObjectInput>;
  response_headers: ColumnType<JsonObject, JsonObjectInput | undefined, JsonObjectInput>;
  created_at: Generated<Date>;
}

/** A row read from `idempotency_keys`. */
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;

/** A row to add to `idempotency_keys`. */
export type NewIdempotencyKeyRow = Insertable<IdempotencyKeysTable>;
