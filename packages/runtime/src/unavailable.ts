/** Network-level failures that mean "the dependency is down", not "the request is wrong". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/**
 * True when an error says a dependency (Postgres) is unreachable or shutting down, so the
 * edge answers `503 unavailable` with `Retry-After` instead of a 500. SQLSTATE classes 08
 * (connection exception) and 57P0x (admin/crash shutdown, cannot connect now) qualify.
 */
export function isUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (code.startsWith('08') || code.startsWith('57P')) return true;
  }
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      err.message,
    )
  ) {
    return true;
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isUnavailableError(cause);
}
