/** The stable error codes of the public contract (API.md), with their HTTP status. */
export const ERROR_STATUS = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  lead_not_found: 404,
  lead_exists: 409,
  lead_closed: 409,
  lead_not_closed: 409,
  already_erased: 409,
  version_conflict: 409,
  invalid_transition: 422,
  idempotency_key_reused: 422,
  parked_event_not_found: 404,
  not_parked: 409,
  version_not_live: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  validation_error: 'The request does not match the schema',
  unauthorized: 'Missing or invalid credentials',
  forbidden: 'The credentials lack the required scope',
  not_found: 'No such resource',
  method_not_allowed: 'The resource does not answer this method',
  lead_not_found: 'No such lead',
  lead_exists: 'The lead exists already',
  lead_closed: 'The lead is won or lost',
  lead_not_closed: 'The lead is open: only a won or lost deal can be reopened',
  already_erased: "The lead's personal data is erased already",
  version_conflict: 'The lead has changed since the given version',
  invalid_transition: 'The lead cannot make that move',
  idempotency_key_reused: 'The idempotency key was used for another request',
  parked_event_not_found: 'No such parked event',
  not_parked: 'The event is no longer parked',
  version_not_live: 'The read-model version is not live',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'The request body must be application/json',
  rate_limited: 'Too many requests',
  internal_error: 'Internal error',
  unavailable: 'A dependency is unavailable',
};

/** One offending field of a rejected request. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Members added to a problem body, plus two that are not: `retryAfterSeconds` becomes the
 * `Retry-After` header, `headers` are set on the response as they are (`WWW-Authenticate`).
 */
export type ProblemExtra = {
  errors?: FieldIssue[];
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
} & Record<string, unknown>;

/**
 * An error the HTTP edge turns into `application/problem+json` with a stable `code`.
 *
 * @example throw new AppError('lead_not_found', `no lead ${leadId}`);
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: ProblemExtra = {},
  ) {
    super(detail);
    this.status = ERROR_STATUS[code];
    this.title = TITLES[code];
  }
}

/** The problem+json body of an error (RFC 9457), with the contract's `code`. */
export function problemBody(
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { retryAfterSeconds: _retryAfter, headers: _headers, ...rest } = extra;
  return {
    type: `https://dealflow.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    code,
    detail,
    ...rest,
  };
}
