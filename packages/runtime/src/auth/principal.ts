/** Who sent a request, as far as its credentials prove it. */
export interface Principal {
  /** Static token: `token:<first 12 hex digits of its hash>`; JWT: its `sub` (or client id). */
  subject: string;
  /** What it may do, e.g. `leads:write`, `metrics:read`, `ops`. */
  scopes: readonly string[];
}

/** A scope name: letters, digits and `:._-` (e.g. `leads:write`). */
export const SCOPE_PATTERN = /^[A-Za-z0-9:._-]{1,64}$/;
