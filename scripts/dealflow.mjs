#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run ops` and `npm run infra`. It needs nothing but
// Node and npm: it installs the workspace with the pnpm version pinned in package.json (fetched
// from the npm registry by npx), then hands over to the TypeScript tools of the workspace.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const tsx = (args, env) => pnpm(['exec', 'tsx', ...args], env);

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

/** Lint, format, types, then every test tier against real Kafka and Postgres. */
function test(args) {
  const started = Date.now();
  install();
  step('format (prettier --check)', () =>
    pnpm(['exec', 'prettier', '--check', '--log-level=warn', '.']),
  );
  step('lint (eslint)', () => pnpm(['exec', 'eslint', '--max-warnings=0', '.']));
  step('types (tsc)', () => pnpm(['exec', 'tsc', '-p', 'tsconfig.json']));
  step('dependency audit (pnpm audit)', audit);
  step('unit tests', () => pnpm(['exec', 'vitest', 'run', '--project', 'unit', ...args]));
  // The servers start once for the int and e2e tiers; the test kit's global setup takes them
  // from the environment, and this run stops only what it started.
  const haveServers = process.env.DATABASE_URL && process.env.KAFKA_BROKERS;
  let env = {};
  if (!haveServers) {
    step('servers up (real Kafka + Postgres)', () =>
      tsx(['infra/src/cli.ts', 'up', '--write-env', '.cache/test-servers.env']),
    );
    env = Object.fromEntries(
      readFileSync(join(root, '.cache/test-servers.env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }
  // One tier after the other: the e2e tier runs whole services as processes, and sharing two
  // cores with the int tier's workers only makes both slower.
  const codes = ['int', 'e2e'].map((tier) =>
    step(
      `${tier} tests`,
      () => pnpm(['exec', 'vitest', 'run', '--project', tier, '--passWithNoTests', ...args], env),
      true,
    ),
  );
  const code = codes.find((c) => c !== 0) ?? 0;
  if (env.DEALFLOW_STARTED && !process.env.DEALFLOW_KEEP_SERVERS) {
    step(
      'servers down',
      () => tsx(['infra/src/cli.ts', 'down', '--only', env.DEALFLOW_STARTED]),
      true,
    );
  }
  const total = ((Date.now() - started) / 1000).toFixed(0);
  console.log(code === 0 ? `\nnpm test passed in ${total}s` : `\nnpm test failed after ${total}s`);
  process.exit(code);
}

// Ctrl-C reaches the whole process group: the child decides how to stop, and this wrapper
// stays until it has, so the exit code and the last log lines are the child's.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});

const [command = 'help', ...rest] = process.argv.slice(2);
switch (command) {
  case 'test':
    test(rest);
    break;
  case 'start':
    install();
    process.exit(tsx(['scripts/start.ts', ...rest]));
    break;
  case 'ops':
    install();
    // `import` sends a file to the command service; the other ops work on the read models.
    process.exit(
      tsx([
        rest[0] === 'import'
          ? 'services/command/src/ops/import-cli.ts'
          : 'services/projector/src/ops/cli.ts',
        ...rest,
      ]),
    );
    break;
  case 'demo':
    install();
    process.exit(tsx(['scripts/demo.ts', ...rest]));
    break;
  case 'bench':
    install();
    process.exit(tsx([`scripts/bench/${rest[0] ?? 'commands'}.ts`, ...rest.slice(1)]));
    break;
  case 'infra':
    install();
    process.exit(tsx(['infra/src/cli.ts', ...rest]));
    break;
  default:
    console.log(
      'usage: npm start | npm test | npm run ops -- <command> | npm run infra -- up|down|status',
    );
    process.exit(command === 'help' ? 0 : 2);
}
