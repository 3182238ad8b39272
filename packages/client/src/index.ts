import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths as CommandPaths } from './generated/command.js';
import type { paths as QueryPaths } from './generated/query.js';

export type { CommandPaths, QueryPaths };
export type {
  components as CommandComponents,
  operations as CommandOperations,
} from './generated/command.js';
export type {
  components as QueryComponents,
  operations as QueryOperations,
} from './generated/query.js';

/** Where the services are and who calls them. */
export interface DealflowClientOptions {
  /** The command service, e.g. `http://127.0.0.1:3001`. */
  commandUrl: string;
  /** The query service, e.g. `http://127.0.0.1:3002`. */
  queryUrl: string;
  /** A bearer token (static or JWT); omitted when authentication is off. */
  token?: string;
  /** Replaces `globalThis.fetch` (tests, instrumentation). */
  fetch?: ClientOptions['fetch'];
}

/** Typed clients of both services: paths, parameters, bodies and answers from their OpenAPI. */
export interface DealflowClient {
  command: Client<CommandPaths>;
  query: Client<QueryPaths>;
}

/**
 * One typed client per service (openapi-fetch): every call returns `{ data, error, response }`,
 * `data` typed by the success answer and `error` by the problem+json of the documented errors.
 *
 * @example
 * const dealflow = createDealflowClient({ commandUrl, queryUrl, token });
 * const created = await dealflow.command.POST('/v1/leads', {
 *   params: { header: { 'idempotency-key': 'import-42' } },
 *   body: { name: 'Acme', amount: { value: 1_200_000, currency: 'EUR' } },
 * });
 * const funnel = await dealflow.query.GET('/v1/funnel', {
 *   params: { header: { 'x-dealflow-min-position': positionOf(created.response) } },
 * });
 */
export function createDealflowClient(options: DealflowClientOptions): DealflowClient {
  const headers =
    options.token === undefined ? undefined : { authorization: `Bearer ${options.token}` };
  const shared = { headers, ...(options.fetch !== undefined && { fetch: options.fetch }) };
  return {
    command: createClient<CommandPaths>({ baseUrl: options.commandUrl, ...shared }),
    query: createClient<QueryPaths>({ baseUrl: options.queryUrl, ...shared }),
  };
}

/**
 * The `X-Dealflow-Position` of a command's answer, to send as `X-Dealflow-Min-Position` on a
 * query that must see the write (read-your-writes); `undefined` when the answer has none.
 */
export function positionOf(response: Response): string | undefined {
  return response.headers.get('x-dealflow-position') ?? undefined;
}

/** The lead version in an answer's `ETag` (`"3"` → 3), for the next `If-Match`. */
export function versionOf(response: Response): number | undefined {
  const match = /^"(\d+)"$/.exec(response.headers.get('etag') ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The `If-Match` value that writes only while the lead is still at `version`. */
export const ifMatch = (version: number): string => `"${version}"`;

/** Whether a query answer may lag behind the requested position (`X-Dealflow-Stale: true`). */
export const isStale = (response: Response): boolean =>
  response.headers.get('x-dealflow-stale') === 'true';
