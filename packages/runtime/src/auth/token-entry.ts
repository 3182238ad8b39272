import { createHash } from 'node:crypto';
import { SCOPE_PATTERN } from './principal.js';

/** Hex SHA-256 of a token: what `AUTH_TOKENS` holds instead of the token itself. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The `AUTH_TOKENS` entry that grants `token` the `scopes`: `sha256:<hex>=<scope> <scope>…`.
 * The environment then holds nothing a client could send.
 *
 * @example tokenEntry('s3cret', ['leads:write']) // 'sha256:…=leads:write'
 */
export function tokenEntry(token: string, scopes: readonly string[]): string {
  if (token.length === 0) throw new Error('the token is empty');
  if (scopes.length === 0) throw new Error('name at least one scope');
  const bad = scopes.find((scope) => !SCOPE_PATTERN.test(scope));
  if (bad !== undefined) throw new Error(`not a scope name: ${bad}`);
  return `sha256:${sha256Hex(token)}=${scopes.join(' ')}`;
}
