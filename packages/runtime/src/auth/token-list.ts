import { z } from 'zod';
import { SCOPE_PATTERN } from './principal.js';

/** One static bearer token of `AUTH_TOKENS`, known only by the SHA-256 of its value. */
export interface StaticToken {
  /** SHA-256 of the token (32 bytes). */
  hash: Buffer;
  scopes: readonly string[];
  /** `token:<first 12 hex digits of the hash>`: names the token in logs and events, safely. */
  subject: string;
}

const ENTRY = /^sha256:([0-9a-f]{64})=(.*)$/;

function parseEntry(entry: string): StaticToken | string {
  const match = ENTRY.exec(entry);
  if (match === null) {
    // Never echo the entry: a raw token pasted here by mistake must not reach a log.
    return 'is not sha256:<64 lowercase hex digits>=<scope> … (hash tokens with hash-token.ts)';
  }
  const [, hex = '', scopeText = ''] = match;
  const scopes = scopeText.split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return 'grants no scope';
  const bad = scopes.find((scope) => !SCOPE_PATTERN.test(scope));
  if (bad !== undefined) return `has an invalid scope name: ${bad}`;
  return { hash: Buffer.from(hex, 'hex'), scopes, subject: `token:${hex.slice(0, 12)}` };
}

/**
 * `AUTH_TOKENS`: static bearer tokens as `sha256:<hex of sha256(token)>=<scope> <scope>…`
 * entries, separated by commas or newlines. Parsed into {@link StaticToken}s.
 *
 * @example tokenListSchema.parse('sha256:9f86…=leads:write metrics:read')
 */
export const tokenListSchema = z.string().transform((text, ctx) => {
  const tokens: StaticToken[] = [];
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const fail = (index: number, problem: string) =>
    ctx.issues.push({ code: 'custom', message: `entry ${index + 1} ${problem}`, input: index });
  for (const [index, entry] of entries.entries()) {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') fail(index, parsed);
    else if (tokens.some((t) => t.hash.equals(parsed.hash)))
      fail(index, 'repeats an earlier token');
    else tokens.push(parsed);
  }
  return tokens;
});
