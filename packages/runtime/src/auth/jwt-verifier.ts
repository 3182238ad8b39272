import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import { AppError } from '../app-error.js';
import { SCOPE_PATTERN, type Principal } from './principal.js';

/** How JWTs are checked: an HS256 shared secret or the identity provider's JWKS, and claims. */
export interface JwtOptions {
  key: { kind: 'secret'; secret: string } | { kind: 'jwks'; url: URL };
  /** Required `iss`, when set. */
  issuer?: string;
  /** Required `aud` (one of), when set. */
  audience?: string;
}

/** A verified token's principal, or why the token is refused. */
export type JwtVerdict = { principal: Principal } | { refused: string };

/** Asymmetric algorithms only for JWKS keys: an HMAC "signed" with a public key is forged. */
const ASYMMETRIC = [
  ...['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  ...['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'],
];

/** Errors that say "this token is bad"; any other JOSE error means the key set is unreadable. */
const TOKEN_ERRORS: ReadonlySet<string> = new Set([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

/** Clock skew tolerated on `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE_S = 5;

function scopesOf(payload: JWTPayload): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') value.split(/\s+/).forEach((s) => found.add(s));
    if (Array.isArray(value)) value.forEach(add);
  };
  // `scope` is the OAuth 2 claim (RFC 8693); some providers send `scp`, as array or string.
  add(payload.scope);
  add(payload.scp);
  return [...found].filter((scope) => SCOPE_PATTERN.test(scope));
}

function subjectOf(payload: JWTPayload): string | undefined {
  // Client-credential tokens of some providers carry the client id instead of `sub`.
  for (const claim of [payload.sub, payload.client_id, payload.azp]) {
    if (typeof claim === 'string' && claim.length > 0) return claim;
  }
  return undefined;
}

/** The signature and claims check of the configured key. */
function checker(opts: JwtOptions): (token: string) => Promise<JWTVerifyResult> {
  const claims: JWTVerifyOptions = {
    issuer: opts.issuer,
    audience: opts.audience,
    clockTolerance: CLOCK_TOLERANCE_S,
  };
  if (opts.key.kind === 'secret') {
    const secret = new TextEncoder().encode(opts.key.secret);
    return (token) => jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] });
  }
  // Fetched on first use, cached, and fetched again for an unknown `kid` (key rotation).
  const jwks = createRemoteJWKSet(opts.key.url);
  return (token) => jwtVerify(token, jwks, { ...claims, algorithms: ASYMMETRIC });
}

/**
 * Verifies JWTs with `jose`: signature (HS256 secret, or the keys of a JWKS fetched and cached
 * from the identity provider), `exp`/`nbf`, and `iss`/`aud` when configured. Scopes come from
 * the `scope` (space-separated) or `scp` (array) claim. An unreadable JWKS is `503 unavailable`,
 * not the caller's fault.
 *
 * @example const verify = jwtVerifier({ key: { kind: 'secret', secret } }); await verify(jwt)
 */
export function jwtVerifier(opts: JwtOptions): (token: string) => Promise<JwtVerdict> {
  const check = checker(opts);
  return async (token) => {
    try {
      const { payload } = await check(token);
      const subject = subjectOf(payload);
      if (subject === undefined) return { refused: 'the token names no subject' };
      return { principal: { subject, scopes: scopesOf(payload) } };
    } catch (err) {
      if (!(err instanceof errors.JOSEError)) throw err; // network errors: 503 at the edge
      if (err instanceof errors.JWTExpired) return { refused: 'the token has expired' };
      if (TOKEN_ERRORS.has(err.code)) return { refused: `the token is invalid: ${err.message}` };
      throw new AppError('unavailable', 'the identity provider’s keys cannot be read', {
        retryAfterSeconds: 5,
      });
    }
  };
}
