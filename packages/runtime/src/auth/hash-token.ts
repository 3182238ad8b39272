import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SCOPES } from './scopes.js';
import { tokenEntry } from './token-entry.js';

const USAGE = `usage:
  npx tsx packages/runtime/src/auth/hash-token.ts --new <scope> [<scope> …]
      makes a random token; prints it and its AUTH_TOKENS entry
  npx tsx packages/runtime/src/auth/hash-token.ts <token | -> <scope> [<scope> …]
      prints the AUTH_TOKENS entry of an existing token (- reads it from stdin, which keeps it
      out of the shell history)

Scopes: ${Object.values(SCOPES).join(', ')}. Join entries with commas or newlines.`;

/** 32 random bytes, base64url: 256 bits, safe in a header, no JWT look-alike (no dots). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function main(args: string[]): number {
  const [first, ...scopes] = args;
  if (first === undefined || first === '--help' || first === '-h' || scopes.length === 0) {
    console.error(USAGE);
    return first === '--help' || first === '-h' ? 0 : 2;
  }
  const generate = first === '--new';
  const token = generate ? newToken() : first === '-' ? readFileSync(0, 'utf8').trim() : first;
  const entry = tokenEntry(token, scopes);
  if (generate) {
    console.log(`token (give it to the client; it is stored nowhere): ${token}`);
    console.log(`AUTH_TOKENS entry: ${entry}`);
  } else {
    console.log(entry);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
}
