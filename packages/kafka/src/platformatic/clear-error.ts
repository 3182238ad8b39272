/** `error` and every error it wraps (`cause`, `errors`), depth first. */
function* chain(error: unknown, depth = 0): Generator<Error> {
  if (!(error instanceof Error) || depth > 20) return;
  yield error;
  yield* chain(error.cause, depth + 1);
  if (error instanceof AggregateError) {
    for (const inner of error.errors) yield* chain(inner, depth + 1);
  }
}

const codeOf = (error: Error): unknown => (error as Error & { code?: unknown }).code;

/** True when `error`, or an error it wraps, is a failed SASL authentication. */
export function isAuthenticationError(error: unknown): boolean {
  for (const inner of chain(error)) if (codeOf(inner) === 'PLT_KFK_AUTHENTICATION') return true;
  return false;
}

/**
 * The library reports a refused login as "<operation> failed" around a chain of retries and
 * connection errors: this names the cause, with the broker's own words, keeping the original as
 * `cause`.
 */
export function clearError(error: unknown): unknown {
  if (!isAuthenticationError(error)) return error;
  let detail = '';
  for (const inner of chain(error)) {
    const said = (inner as Error & { serverErrorMessage?: unknown }).serverErrorMessage;
    if (typeof said === 'string' && said !== '') {
      detail = `: ${said}`;
      break;
    }
  }
  return new Error(`Kafka SASL authentication failed${detail}`, { cause: error });
}

/** Awaits `promise`, rethrowing a failed login as a clear error (see `clearError`). */
export async function clearly<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw clearError(error);
  }
}
