import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.js';
import type { StaticToken } from './token-list.js';

/**
 * Recognises the static bearer tokens of `AUTH_TOKENS` by the SHA-256 of the presented token,
 * compared in constant time with every entry, so neither a match nor its position shows in the
 * response time.
 *
 * @example const verify = staticTokenVerifier(tokens); verify('s3cret')?.scopes
 */
export function staticTokenVerifier(
  tokens: readonly StaticToken[],
): (token: string) => Principal | undefined {
  return (token) => {
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: StaticToken | undefined;
    for (const candidate of tokens) {
      if (timingSafeEqual(candidate.hash, presented)) found ??= candidate;
    }
    return found && { subject: found.subject, scopes: found.scopes };
  };
}
