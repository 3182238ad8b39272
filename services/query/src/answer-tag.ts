import { createHash } from 'node:crypto';

/** What an answer's `ETag` is derived from. */
export interface AnswerTagInput {
  /** The live read-model version the answer was computed from. */
  version: number;
  /** That version's applied position, read before the numbers. */
  position: number;
  /** The route (`/v1/funnel`). */
  route: string;
  /** The validated query, defaults applied. */
  query: Readonly<Record<string, unknown>>;
  /** Tag of the pipeline catalog the service runs with (stages and probabilities shape answers). */
  catalog: string;
  /** The instant the answer measures ages at, when it is "now" (else undefined). */
  clock?: number | undefined;
}

/** Query parameters that are instants: `2025-03-01T00:00:00Z` and `…00.000Z` are one query. */
const INSTANT_KEYS = new Set([
  'from',
  'to',
  'asOf',
  'createdFrom',
  'createdTo',
  'activityFrom',
  'activityTo',
]);

/** The query with its keys sorted and its instants in one spelling, as one string. */
export function normalisedQuery(query: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, INSTANT_KEYS.has(k) && typeof v === 'string' ? toIso(v) : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

const toIso = (value: string): string => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
};

/** A short digest, for tags of configuration (the pipeline catalog). */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/**
 * The strong `ETag` of an answer: `"v<version>.<position>.<digest>"`, the digest over the
 * route, the normalised query, the catalog and (for answers that age with the clock) the
 * instant. Same inputs, same numbers: the read models at one position of one version hold one
 * state.
 *
 * @example answerTag({ version: 2, position: 41, route: '/v1/funnel', query: {}, catalog: 'x' })
 *   // '"v2.41.Qm9…"'
 */
export function answerTag(input: AnswerTagInput): string {
  const clock = input.clock === undefined ? '' : String(input.clock);
  const text = `${input.route}\n${normalisedQuery(input.query)}\n${input.catalog}\n${clock}`;
  return `"v${input.version}.${input.position}.${queryDigest(text)}"`;
}

/** Digests of recent queries: dashboards poll the same few, and hashing is most of a 304. */
const recentDigests = new Map<string, string>();
const RECENT_DIGESTS = 1_000;

function queryDigest(text: string): string {
  let known = recentDigests.get(text);
  if (known === undefined) {
    known = digest(text);
    // A bounded table: when full it starts again, which costs one hash per query.
    if (recentDigests.size >= RECENT_DIGESTS) recentDigests.clear();
    recentDigests.set(text, known);
  }
  return known;
}

/**
 * Whether an `If-None-Match` header names `etag` (weak comparison, RFC 9110 §13.1.2: `W/`
 * prefixes are ignored; `*` matches any current answer).
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const wanted = etag.replace(/^W\//, '');
  return header.split(',').some((part) => {
    const tag = part.trim();
    return tag === '*' || tag.replace(/^W\//, '') === wanted;
  });
}
