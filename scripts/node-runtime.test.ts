import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = readFileSync(join(root, '.nvmrc'), 'utf8').trim();

const manifests = [
  'package.json',
  ...['packages', 'services'].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => `${dir}/${name}/package.json`),
  ),
  'infra/package.json',
  'e2e/package.json',
];

describe('the Node.js runtime', () => {
  it('is an exact Node 24 release in .nvmrc', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
  });

  it('is what every package.json declares in engines', () => {
    for (const file of manifests) {
      const { engines } = JSON.parse(readFileSync(join(root, file), 'utf8')) as {
        engines?: { node?: string };
      };
      expect(engines?.node, file).toBe('^24.11.0');
    }
    const [, minor] = pinned.split('.').map(Number);
    expect(minor).toBeGreaterThanOrEqual(11);
  });

  it('runs the workspace commands: dealflow.mjs states the pinned version', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/dealflow.mjs'), 'help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toContain(`(on Node.js ${pinned})`);
  });
});
