import { createDealflowClient, type QueryPaths } from '@dealflow/client';

/**
 * The query API through the typed client (`@dealflow/client`): the page's origin (the query
 * service serves the dashboard), the bearer token when one was given, and problem+json answers
 * turned into `ApiError`s with the contract's `code`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

const TOKEN_KEY = 'dealflow.token';

/** The API's base URL: the page's own origin. */
export const apiBase = (): string => window.location.origin;

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string): void => {
    sessionStorage.setItem(TOKEN_KEY, value);
    client = connect();
  },
};

const connect = () =>
  createDealflowClient({
    commandUrl: apiBase(),
    queryUrl: apiBase(),
    ...(token.get() !== null && { token: token.get() ?? '' }),
  }).query;

let client = connect();

/** The typed query client, with the current token. */
export const query = () => client;

/** The body of a successful answer, or an `ApiError`. */
export async function answer<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (data !== undefined) return data;
  const problem = (error ?? {}) as { code?: string; detail?: string };
  throw new ApiError(
    response.status,
    problem.code ?? 'error',
    problem.detail ?? response.statusText,
  );
}

/** The JSON body of `GET path` in the query service's OpenAPI document. */
export type Answer<P extends keyof QueryPaths> = QueryPaths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B } } } };
}
  ? B
  : never;

export const authHeaders = (): Record<string, string> => {
  const t = token.get();
  return t ? { authorization: `Bearer ${t}` } : {};
};

/** A URL of the API (the live stream, which the client reads as Server-Sent Events). */
export const apiUrl = (path: string): string => new URL(path, apiBase()).toString();
