/**
 * The query API as the dashboard reads it: one `get` that adds the bearer token when one was
 * given and turns problem+json answers into `ApiError`s with the contract's `code`.
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

/** The API's base URL: the page's own origin (the query service serves the dashboard). */
export const apiBase = (): string =>
  (import.meta.env.VITE_QUERY_URL as string | undefined) ?? window.location.origin;

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string): void => sessionStorage.setItem(TOKEN_KEY, value),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

export const authHeaders = (): Record<string, string> => {
  const t = token.get();
  return t ? { authorization: `Bearer ${t}` } : {};
};

export type Params = Record<string, string | number | undefined>;

/** A URL of the API with the defined parameters only. */
export function apiUrl(path: string, params: Params = {}): string {
  const url = new URL(path, apiBase());
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** GET a JSON answer of the query API. */
export async function get<T>(path: string, params: Params = {}): Promise<T> {
  const res = await fetch(apiUrl(path, params), { headers: authHeaders() });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ApiError(res.status, problem.code ?? 'error', problem.detail ?? res.statusText);
  }
  return (await res.json()) as T;
}
