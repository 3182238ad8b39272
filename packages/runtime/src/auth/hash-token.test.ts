import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staticTokenVerifier } from './static-token-verifier.js';
import { tokenListSchema } from './token-list.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = (args: string[], input?: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', join(here, 'hash-token.ts'), ...args], {
    cwd: join(here, '../../../..'),
    encoding: 'utf8',
    input,
  });

describe('hash-token CLI', () => {
  it('--new makes a random token and the AUTH_TOKENS entry that grants it', () => {
    const out = cli(['--new', 'leads:write', 'metrics:read']);
    const token = /token \(.*\): (\S+)/.exec(out)?.[1] ?? '';
    const entry = /AUTH_TOKENS entry: (\S+ \S+)/.exec(out)?.[1] ?? '';
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(entry).not.toContain(token);
    const verify = staticTokenVerifier(tokenListSchema.parse(entry));
    expect(verify(token)?.scopes).toEqual(['leads:write', 'metrics:read']);
    expect(verify(`${token}x`)).toBeUndefined();
  });

  it('hashes a given token, from the arguments or from stdin', () => {
    const fromArgs = cli(['s3cret-token', 'ops']).trim();
    expect(fromArgs).toMatch(/^sha256:[0-9a-f]{64}=ops$/);
    expect(cli(['-', 'ops'], 's3cret-token\n').trim()).toBe(fromArgs);
  });
});
