import { createHash } from 'node:crypto';
import type { Database, JsonObject, JsonValue } from '@dealflow/db';
import { AppError } from '@dealflow/runtime';
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson } from './canonical-json.js';

/** The identity of one idempotent request: where the key applies, the key, what was asked. */
export interface IdempotencyClaim {
  /**
   * Method, route pattern, lead id and (with authentication on) the caller: the same key on
   * another lead or route, or from another caller, is another key — no caller can replay, or
   * be refused because of, another caller's request.
   */
  scope: string;
  key: string;
  /** sha256 of the canonical request: tells a true repeat from a reuse of the key. */
  requestHash: string;
}

/** A successful answer as first given, replayed verbatim for a repeated request. */
export interface StoredResponse {
  statusCode: number;
  body: JsonValue;
  headers: Record<string, string>;
}

/**
 * The claim of a request carrying `Idempotency-Key`, or `undefined` without one. The hash covers
 * params, body and `If-Match`: the same body sent against another expected version is another
 * request.
 *
 * @example idempotencyClaim('POST /v1/leads/:leadId/win', 'lead-1', key, { params, body, ifMatch }, 'crm')
 */
export function idempotencyClaim(
  route: string,
  leadId: string | undefined,
  key: string | undefined,
  request: { params: unknown; body: unknown; ifMatch: number | undefined },
  caller?: string,
): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  const scope = `${route} ${leadId ?? ''}`.trimEnd();
  return { scope: caller === undefined ? scope : `${scope} @${caller}`, key, requestHash };
}

/**
 * The stored answer of an earlier request with the same key, `undefined` when there is none (or
 * it expired: expired rows are removed here, so the key starts afresh).
 *
 * @throws AppError `idempotency_key_reused` when the key was used for a different request.
 */
export async function findStoredResponse(
  trx: Transaction<Database>,
  claim: IdempotencyClaim,
  ttlHours: number,
): Promise<StoredResponse | undefined> {
  await trx
    .deleteFrom('idempotency_keys')
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${ttlHours})`)
    .execute();
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body', 'response_headers'])
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.request_hash !== claim.requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      `Idempotency-Key ${claim.key} was already used for a different request`,
    );
  }
  return {
    statusCode: row.status_code,
    body: row.response_body,
    headers: stringHeaders(row.response_headers),
  };
}

/**
 * Records the answer of a successful request in the caller's transaction, the one that wrote its
 * events, so a crash can never keep one without the other. A concurrent request with the same key
 * makes this insert fail with a unique violation (23505): the caller rolls back and replays.
 */
export async function storeResponse(
  trx: Transaction<Database>,
  claim: IdempotencyClaim,
  response: StoredResponse,
): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({
      scope: claim.scope,
      key: claim.key,
      request_hash: claim.requestHash,
      status_code: response.statusCode,
      response_body: JSON.stringify(response.body),
      response_headers: response.headers,
    })
    .execute();
}

/**
 * Deletes every key older than the TTL; run now and then so the table stays small even for keys
 * never repeated. Returns how many were removed.
 */
export async function purgeExpiredKeys(db: Kysely<Database>, ttlHours: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${ttlHours})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function stringHeaders(stored: JsonObject): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
