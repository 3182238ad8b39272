import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPostgresDir } from './postgres.js';
import { localStateDir } from './state-dir.js';

describe('localStateDir', () => {
  it('is the checkout’s .cache for a normal user', () => {
    expect(localStateDir('/src/dealflow', false)).toBe('/src/dealflow/.cache');
  });

  it('is one temp folder per checkout as root', () => {
    const a = localStateDir('/check/a', true);
    expect(path.basename(a)).toMatch(/^dealflow-[0-9a-f]{8}$/);
    expect(localStateDir('/check/a', true)).toBe(a);
    expect(localStateDir('/check/b', true)).not.toBe(a);
  });

  it('holds the Postgres data, whoever runs it', () => {
    const dir = localPostgresDir(5433, '/check/a');
    const state = localStateDir('/check/a', process.getuid?.() === 0);
    expect(path.dirname(dir)).toBe(state);
  });
});
