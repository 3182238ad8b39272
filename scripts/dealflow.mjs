#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run ops` and `npm run infra`. It needs nothing but
// Node and npm: it runs itself again on the Node.js of `.nvmrc` (installed from the npm registry
// when the system Node is another major), installs the workspace with the pnpm version pinned in
// package.json (fetched from the npm registry by npx), then hands over to the workspace's tools.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBuilds } from './build-state.mjs';
import { onPinnedNode } from './node-runtime.mjs';
import { printFailures, printTotals, reportArgs } from './test-report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Runs a command in the repository root; returns its exit code. */
function run(cmd, args, env = {}) {
  const res = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

const pnpm = (args, env) => run('npx', ['--yes', packageManager, ...args], env);
// Workspace scripts run from TypeScript source: node with tsx's loader in the same process (no
// wrapper between this script and them that could kill them on Ctrl-C before they have cleaned
// up), and the `source` export condition, which resolves each @dealflow/* import to src/.
const tsx = (args, env) =>
  run(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], env);

/** Runs one named step and reports its time; a failing step ends the run unless `keepGoing`. */
function step(name, fn, keepGoing = false) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const code = fn();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${code === 0 ? '✔' : '✖'} ${name} (${secs}s)`);
  if (code !== 0 && !keepGoing) process.exit(code);
  return code;
}

function install() {
  step('install', () =>
    pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only']),
  );
}

/**
 * Installs only when the workspace is not installed from the current lockfile (pnpm keeps a copy
 * of the lockfile it installed in node_modules/.pnpm/lock.yaml), so everyday commands start at
 * once and a pulled lockfile change still installs.
 */
function installIfNeeded() {
  const installed = join(root, 'node_modules/.pnpm/lock.yaml');
  const current =
    existsSync(installed) &&
    readFileSync(installed, 'utf8') === readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
  if (!current) install();
}

/** Compiles every service and package to JavaScript in its dist/ (dependencies first). */
function build() {
  step('build (tsc → dist/)', () => pnpm(['--recursive', 'run', 'build']));
}

/** Compiles the packages whose dist/ is missing or older than their sources, if any. */
function buildIfNeeded() {
  const stale = staleBuilds(root);
  if (stale.length === 0) return;
  step(`build (${stale.join(', ')})`, () =>
    pnpm(['--recursive', ...stale.flatMap((p) => ['--filter', `./${p}`]), 'run', 'build']),
  );
}

/** `KEY=value` lines of a file the infra tools write (first `=` splits). */
function readEnvFile(file) {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** The stack file of `npm start` (scripts/stack-file.ts): its servers, if that stack still runs. */
function runningStack() {
  const file = join(root, '.cache/stack.env');
  if (!existsSync(file)) return undefined;
  const stack = readEnvFile(file);
  try {
    process.kill(Number(stack.DEALFLOW_STACK_PID), 0);
  } catch {
    return undefined; // that `npm start` has ended without removing its file
  }
  delete stack.DEALFLOW_STACK_PID;
  return stack;
}

/** `{ key: value }` of `env` when it has the key, else `{}`. */
const pick = (env, key) => (env?.[key] === undefined ? {} : { [key]: env[key] });

/**
 * The environment of an ops command: the configured servers when DATABASE_URL and KAFKA_BROKERS
 * are set, else those of the running `npm start` (explicit variables still win), else nothing.
 */
function opsEnv(command) {
  if (command === undefined || command === 'help') return {};
  // An import talks to the command service: the running stack's, else COMMAND_URL or the default.
  if (command === 'import')
    return process.env.COMMAND_URL ? {} : pick(runningStack(), 'COMMAND_URL');
  if (process.env.DATABASE_URL && process.env.KAFKA_BROKERS) return {};
  const stack = runningStack();
  if (stack === undefined) {
    console.error(
      'ops: no servers to talk to. Start the stack with `npm start` (in another terminal), ' +
        'or set DATABASE_URL and KAFKA_BROKERS to the servers to operate on.',
    );
    process.exit(2);
  }
  const env = { ...stack };
  for (const key of Object.keys(env)) if (process.env[key]) delete env[key];
  return env;
}

/**
 * `pnpm audit` of every dependency (tools included), failing on high or critical advisories.
 * Where the registry's audit endpoint cannot be reached (a mirror without it, no network) it
 * says so loudly and does not fail: the check did not run, it did not pass.
 */
function audit() {
  const res = spawnSync('npx', ['--yes', packageManager, 'audit', '--audit-level=high'], {
    cwd: root,
    encoding: 'utf8',
    env: process.env,
    timeout: 120_000,
  });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  process.stdout.write(output);
  const unreachable =
    res.signal !== null ||
    /ERR_PNPM_AUDIT_BAD_RESPONSE|ERR_PNPM_AUDIT_ENDPOINT|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(
      output,
    );
  if (res.status !== 0 && unreachable) {
    console.log('⚠ dependency audit NOT RUN: the registry audit endpoint is unreachable here');
    return 0;
  }
  return res.status ?? 1;
}

/**
 * The browser tests drive Debian's Chromium (never a downloaded browser build). When it is
 * missing and this runs as root, it is installed from the distribution's packages; otherwise
 * the step says what to install. CHROMIUM_PATH points the tests at another Chromium.
 */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return 0;
  if (process.getuid?.() !== 0) {
    console.error(`no Chromium at ${path}: install Debian's chromium package or set CHROMIUM_PATH`);
    return 1;
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  return (
    run('apt-get', ['update', '-q'], env) ||
    run('apt-get', ['install', '-y', '-q', 'chromium'], env)
  );
}

/** Lint, format, types, then every test tier against real Kafka and Postgres. */
function test(args) {
  const started = Date.now();
  console.log(`Node.js ${process.versions.node} (${process.execPath})`);
  install();
  build();
  step('format (prettier --check)', () =>
    pnpm(['exec', 'prettier', '--check', '--log-level=warn', '.']),
  );
  step('lint (eslint)', () => pnpm(['exec', 'eslint', '--max-warnings=0', '.']));
  step('types (tsc)', () => pnpm(['exec', 'tsc', '-p', 'tsconfig.json']));
  // The dashboard is browser code (DOM types, bundler resolution): a project of its own.
  step('types (tsc, dashboard)', () => pnpm(['exec', 'tsc', '-p', 'packages/dashboard']));
  step('dependency audit (pnpm audit)', audit);
  const vitest = (tier) => ['exec', 'vitest', 'run', '--project', tier, ...reportArgs(root, tier)];
  const unit = step('unit tests', () => pnpm([...vitest('unit'), ...args]), true);
  if (unit !== 0) {
    printFailures(root, ['unit']);
    printTotals(root, ['unit']);
    process.exit(unit);
  }
  step('browser for the dashboard tests (Debian chromium)', ensureChromium);
  // The servers start once for the int and e2e tiers; the test kit's global setup takes them
  // from the environment, and this run stops only what it started.
  const haveServers = process.env.DATABASE_URL && process.env.KAFKA_BROKERS;
  let env = {};
  if (!haveServers) {
    step('servers up (real Kafka + Postgres)', () =>
      tsx(['infra/src/cli.ts', 'up', '--write-env', '.cache/test-servers.env']),
    );
    env = readEnvFile(join(root, '.cache/test-servers.env'));
  }
  // One tier after the other: the e2e tier runs whole services as processes, and sharing two
  // cores with the int tier's workers only makes both slower.
  const codes = ['int', 'e2e'].map((tier) =>
    step(`${tier} tests`, () => pnpm([...vitest(tier), '--passWithNoTests', ...args], env), true),
  );
  const code = codes.find((c) => c !== 0) ?? 0;
  if (env.DEALFLOW_STARTED && !process.env.DEALFLOW_KEEP_SERVERS) {
    step(
      'servers down',
      () => tsx(['infra/src/cli.ts', 'down', '--only', env.DEALFLOW_STARTED]),
      true,
    );
  }
  if (code !== 0) printFailures(root, ['int', 'e2e']);
  const { passed, failed } = printTotals(root, ['unit', 'int', 'e2e']);
  const total = ((Date.now() - started) / 1000).toFixed(0);
  // A green run that counted no test is no proof: it fails like a red one.
  const empty = code === 0 && (passed === 0 || failed > 0);
  if (empty) console.log('no test passed, or one failed though every tier exited 0');
  const ok = code === 0 && !empty;
  console.log(ok ? `npm test: green after ${total}s` : `npm test: red after ${total}s`);
  process.exit(ok ? 0 : code || 1);
}

// Ctrl-C reaches the whole process group: the child decides how to stop, and this wrapper
// stays until it has, so the exit code and the last log lines are the child's.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});

const [command = 'help', ...rest] = process.argv.slice(2);
onPinnedNode(root, fileURLToPath(import.meta.url), process.argv.slice(2));
switch (command) {
  case 'test':
    test(rest);
    break;
  case 'build':
    installIfNeeded();
    build();
    break;
  case 'start':
    installIfNeeded();
    buildIfNeeded();
    process.exit(tsx(['scripts/start.ts', ...rest]));
    break;
  case 'ops': {
    const env = opsEnv(rest[0]);
    installIfNeeded();
    buildIfNeeded();
    // `import` sends a file to the command service and `redact-legacy` rewrites its event
    // store; the other ops work on the read models.
    const cli =
      rest[0] === 'import'
        ? 'services/command/dist/ops/import-cli.js'
        : rest[0] === 'redact-legacy'
          ? 'services/command/dist/ops/redact-cli.js'
          : 'services/projector/dist/ops/cli.js';
    process.exit(run(process.execPath, [cli, ...rest], env));
    break;
  }
  case 'demo':
    installIfNeeded();
    process.exit(tsx(['scripts/demo.ts', ...rest]));
    break;
  case 'bench':
    installIfNeeded();
    buildIfNeeded();
    // The client times every request: with V8's default young generation its own collections
    // paused some of them by several ms, which set the p99s it reported (plain lead lists at
    // 1 M leads: 11-15 ms, 7-10 ms with this). The services it starts keep their defaults.
    // The metrics bench's direct load folds and writes two 25 k-lead chunks at once, up to
    // 6.6 GB resident: under V8's default heap limit (~4 GB) it collected almost continuously, at
    // 0.6 × the rate (169 against 275 leads/s), and at ~800 k leads ran out of memory.
    process.exit(
      run(process.execPath, [
        '--max-semi-space-size=16',
        '--max-old-space-size=12288',
        '--conditions=source',
        '--import',
        'tsx',
        `scripts/bench/${rest[0] ?? 'commands'}.ts`,
        ...rest.slice(1),
      ]),
    );
    break;
  case 'config-docs':
    installIfNeeded();
    process.exit(tsx(['scripts/config/write-config-docs.ts']));
    break;
  case 'infra':
    installIfNeeded();
    process.exit(tsx(['infra/src/cli.ts', ...rest]));
    break;
  default:
    console.log(
      'usage: npm start | npm test | npm run build | npm run ops -- <command> | npm run infra -- up|down|status',
    );
    console.log(`(on Node.js ${process.versions.node})`);
    process.exit(command === 'help' ? 0 : 2);
}
