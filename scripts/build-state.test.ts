import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildablePackages, staleBuilds } from './build-state.mjs';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A workspace with one buildable package (`packages/a`) and one that is not (`packages/t`). */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'build-state-'));
  roots.push(root);
  for (const dir of ['infra/src', 'packages/a/src/testing', 'packages/t/src', 'services']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  writeFileSync(join(root, 'tsconfig.base.json'), '{}');
  writeFileSync(join(root, 'packages/a/tsconfig.build.json'), '{}');
  writeFileSync(join(root, 'packages/a/package.json'), '{}');
  writeFileSync(join(root, 'packages/a/src/index.ts'), 'export {};');
  writeFileSync(join(root, 'packages/t/src/index.ts'), 'export {};');
  return root;
}

const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

function build(root: string, seconds: number): void {
  mkdirSync(join(root, 'packages/a/dist'), { recursive: true });
  writeFileSync(join(root, 'packages/a/dist/index.js'), '');
  at(join(root, 'packages/a/dist/index.js'), seconds);
}

describe('staleBuilds', () => {
  it('lists the packages with tsconfig.build.json only', () => {
    expect(buildablePackages(workspace())).toEqual(['packages/a']);
  });

  it('is stale without dist, current after a build, stale again when a source changes', () => {
    const root = workspace();
    for (const f of [
      'tsconfig.base.json',
      'packages/a/tsconfig.build.json',
      'packages/a/package.json',
      'packages/a/src/index.ts',
    ]) {
      at(join(root, f), 1_000);
    }
    expect(staleBuilds(root)).toEqual(['packages/a']);
    build(root, 2_000);
    expect(staleBuilds(root)).toEqual([]);
    at(join(root, 'packages/a/src/index.ts'), 3_000);
    expect(staleBuilds(root)).toEqual(['packages/a']);
  });

  it('ignores tests and test helpers, which the build leaves out', () => {
    const root = workspace();
    build(root, Date.now() / 1000 + 60);
    writeFileSync(join(root, 'packages/a/src/index.test.ts'), '');
    writeFileSync(join(root, 'packages/a/src/testing/fixture.ts'), '');
    at(join(root, 'packages/a/src/index.test.ts'), Date.now() / 1000 + 120);
    at(join(root, 'packages/a/src/testing/fixture.ts'), Date.now() / 1000 + 120);
    expect(staleBuilds(root)).toEqual([]);
  });

  it('is stale when the shared compiler settings change', () => {
    const root = workspace();
    build(root, Date.now() / 1000 + 60);
    at(join(root, 'tsconfig.base.json'), Date.now() / 1000 + 120);
    expect(staleBuilds(root)).toEqual(['packages/a']);
  });
});
