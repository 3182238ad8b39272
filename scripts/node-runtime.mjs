// The Node.js the workspace runs on: the version in `.nvmrc` (an exact Node 24 LTS release).
// When the Node that started a command is another major, that release is installed into
// .cache/node<major> from the npm registry — the `node-<platform>-<arch>` package carries the
// official binary — and the command runs again under it. Plain JavaScript: it must run on any
// Node that can start npm.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** The exact version `.nvmrc` pins, e.g. `24.22.3`. */
export function pinnedNodeVersion(root) {
  const version = readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`.nvmrc must hold an exact Node.js version (x.y.z), not "${version}"`);
  }
  return version;
}

const major = (version) => Number(version.split('.')[0]);

/** `PATH` with `dir` first, so child `node` (and `npx`, `pnpm`, … through their shebang) is it. */
function pathWith(dir) {
  const rest = (process.env.PATH ?? '').split(delimiter).filter((p) => p && p !== dir);
  return [dir, ...rest].join(delimiter);
}

/** Installs `node-<platform>-<arch>@version` into .cache unless it is there; its `node` path. */
function installNode(root, version) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.cache', `node${major(version)}`);
  const home = join(prefix, 'node_modules', pkg);
  const binary = join(home, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const installed = () => {
    try {
      return JSON.parse(readFileSync(join(home, 'package.json'), 'utf8')).version === version;
    } catch {
      return false;
    }
  };
  if (installed() && existsSync(binary)) return binary;
  console.log(`▶ Node.js ${version} (${pkg} from the npm registry) into ${prefix}`);
  const res = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${version}`,
    ],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  if (res.error || res.status !== 0 || !installed() || !existsSync(binary)) {
    console.error(
      `Could not install ${pkg}@${version} from the npm registry. Install Node.js ${major(version)} ` +
        `(e.g. \`nvm install\` reads .nvmrc) and run the command again.`,
    );
    process.exit(1);
  }
  return binary;
}

/**
 * Makes sure the rest of the command runs on the pinned major: on it, puts this `node` first on
 * PATH for every child; on another, installs the pinned release and runs `script` again under it
 * (this process then only waits and passes on the exit code).
 */
export function onPinnedNode(root, script, args) {
  const version = pinnedNodeVersion(root);
  if (major(process.versions.node) === major(version)) {
    process.env.PATH = pathWith(dirname(process.execPath));
    return;
  }
  const binary = installNode(root, version);
  const res = spawnSync(binary, [script, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: pathWith(dirname(binary)) },
  });
  if (res.error) throw res.error;
  process.exit(res.status ?? 1);
}
