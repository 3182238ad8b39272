import { createHash } from 'node:crypto';
import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from './canonical-json.js';
import { AcceptedResult, type IdempotencyClaim } from './command-result.js';

export type { IdempotencyClaim } from './command-result.js';

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

/** The stored result of an earlier request with one claim's scope and key. */
export interface StoredResult {
  requestHash: string;
  result: AcceptedResult;
}

/** The map key of a claim: its scope and key. */
export const claimId = (claim: Pick<IdempotencyClaim, 'scope' | 'key'>): string =>
  `${claim.key}\n${claim.scope}`;

/**
 * The unexpired stored results of the given claims, by {@link claimId}, in one query. An expired
 * key counts as absent: the next write with it replaces the old row.
 */
export async function findStoredResults(
  db: Kysely<Database>,
  claims: readonly IdempotencyClaim[],
  ttlHours: number,
): Promise<Map<string, StoredResult>> {
  const stored = new Map<string, StoredResult>();
  if (claims.length === 0) return stored;
  const rows = await db
    .selectFrom('idempotency_keys')
    .select(['scope', 'key', 'request_hash', 'result'])
    .where(
      sql<boolean>`(scope, key) IN (SELECT * FROM unnest(${claims.map((c) => c.scope)}::text[], ${claims.map((c) => c.key)}::text[]))`,
    )
    .where('created_at', '>=', sql<Date>`now() - make_interval(hours => ${ttlHours})`)
    .execute();
  for (const row of rows) {
    stored.set(claimId(row), {
      requestHash: row.request_hash,
      result: AcceptedResult.parse(row.result),
    });
  }
  return stored;
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
