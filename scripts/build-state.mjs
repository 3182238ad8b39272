// Whether the JavaScript in each workspace package's dist/ is current: plain JS with no
// dependency, for scripts/dealflow.mjs (before any install) and for the test kit (before it runs
// the built services). tsc rewrites every output of a package it compiles, so a package is
// current when its dist/index.js is newer than each of its inputs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Workspace folders (relative to the root) that compile to dist/: those with tsconfig.build.json. */
export function buildablePackages(root) {
  return ['infra', 'packages', 'services']
    .flatMap((dir) =>
      dir === 'infra'
        ? ['infra']
        : readdirSync(join(root, dir), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `${dir}/${e.name}`),
    )
    .filter((pkg) => existsSync(join(root, pkg, 'tsconfig.build.json')));
}

/** The newest modification time of the files tsc compiles (tests and test helpers excluded). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** The buildable packages whose dist/ is missing or older than their sources or settings. */
export function staleBuilds(root) {
  const shared = statSync(join(root, 'tsconfig.base.json')).mtimeMs;
  return buildablePackages(root).filter((pkg) => {
    const output = join(root, pkg, 'dist', 'index.js');
    if (!existsSync(output)) return true;
    const inputs = Math.max(
      shared,
      statSync(join(root, pkg, 'tsconfig.build.json')).mtimeMs,
      statSync(join(root, pkg, 'package.json')).mtimeMs,
      newestSource(join(root, pkg, 'src')),
    );
    return statSync(output).mtimeMs < inputs;
  });
}
