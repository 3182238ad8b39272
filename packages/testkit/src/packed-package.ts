import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tsc = join(
  dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')),
  'bin/tsc',
);

/** An application directory outside the workspace, with its own `node_modules`. */
export interface OutsideApp {
  dir: string;
  /** Runs an ES module of the app with node; its stdout. */
  run(file: string, source: string): string;
  /** Type-checks a TypeScript file of the app (strict, NodeNext); throws with tsc's messages. */
  typecheck(file: string, source: string): void;
  /** Deletes the application and the tarball. */
  remove(): void;
}

/**
 * Builds a workspace package (`tsconfig.build.json`), packs it as it would be published
 * (`pnpm pack`: `publishConfig` applied) and installs the tarball into a fresh application
 * outside the workspace, beside `dependencies` linked from the workspace's own copies — what a
 * consumer outside the repository installs.
 */
export function installPacked(packagePath: string, dependencies: string[]): OutsideApp {
  const packageDir = join(root, packagePath);
  const work = mkdtempSync(join(tmpdir(), 'dealflow-packed-'));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir });
  execFileSync('npx', ['--yes', 'pnpm@10.34.9', 'pack', '--pack-destination', work], {
    cwd: packageDir,
  });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz';
  const { name } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
  };
  const dir = join(work, 'app');
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, name), { recursive: true });
  execFileSync('tar', [
    'xzf',
    join(work, tarball),
    '--strip-components=1',
    '-C',
    join(modules, name),
  ]);
  const fromPackage = createRequire(join(packageDir, 'package.json'));
  for (const dependency of dependencies) {
    const target = join(modules, dependency);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(dirname(fromPackage.resolve(`${dependency}/package.json`)), target);
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return {
    dir,
    remove: () => rmSync(work, { recursive: true, force: true }),
    run(file, source) {
      writeFileSync(join(dir, file), source);
      return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
    },
    typecheck(file, source) {
      writeFileSync(join(dir, file), source);
      const compilerOptions = {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        types: ['node'],
      };
      const tsconfig = join(dir, `tsconfig.${file}.json`);
      writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: [file] }));
      execFileSync(process.execPath, [tsc, '-p', tsconfig], { cwd: dir, encoding: 'utf8' });
    },
  };
}
