import type { AuthOptions } from './auth-options.js';
import { jwtVerifier } from './jwt-verifier.js';
import type { Principal } from './principal.js';
import { staticTokenVerifier } from './static-token-verifier.js';

/** Three base64url segments: only such tokens are worth a JWT verification. */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Turns a bearer token into its principal (static tokens first, then JWTs when configured), or
 * the reason it is refused.
 */
export function authenticator(
  opts: Extract<AuthOptions, { enabled: true }>,
): (token: string) => Promise<Principal | { refused: string }> {
  const fromStatic = staticTokenVerifier(opts.tokens);
  const fromJwt = opts.jwt === null ? undefined : jwtVerifier(opts.jwt);
  return async (token) => {
    const principal = fromStatic(token);
    if (principal !== undefined) return principal;
    if (fromJwt === undefined || !JWT_SHAPE.test(token)) return { refused: 'unknown token' };
    const verdict = await fromJwt(token);
    return 'principal' in verdict ? verdict.principal : verdict;
  };
}
