import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt } from '@dealflow/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm run ops -- …` as a real process (the built CLI itself, without the install step). */
export interface OpsProcess {
  stdout(): string;
  stderr(): string;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built `services/projector/dist/ops/cli.js <args>` with the stack's environment; its logs at
 * `warn` (as an operator runs it) unless `logLevel` says otherwise.
 */
export function spawnOps(
  args: string[],
  env: Record<string, string>,
  logLevel = 'warn',
): OpsProcess {
  assertBuilt();
  const child = spawn(
    process.execPath,
    [join(root, 'services/projector/dist/ops/cli.js'), ...args],
    {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: logLevel },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-100_000)));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    stdout: () => out,
    stderr: () => err,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs an ops command to its end. */
export async function runOps(
  args: string[],
  env: Record<string, string>,
  logLevel?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnOps(args, env, logLevel);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
