import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm start` records the stack it runs, so that `npm run ops -- …` in another terminal
 * finds the same servers with no variable set. `scripts/dealflow.mjs` reads it (same path, same
 * `KEY=value` lines); the supervisor's pid tells a running stack from a stale file.
 */
export const STACK_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '.cache',
  'stack.env',
);

/**
 * Writes the stack's servers and the settings the ops commands share with the services. The file
 * is readable by its owner only: a configured `DATABASE_URL` may carry a password.
 */
export function writeStackFile(env: Record<string, string | undefined>, file = STACK_FILE): void {
  const keys = [
    'DATABASE_URL',
    'KAFKA_BROKERS',
    'KAFKA_TOPIC',
    'KAFKA_GROUP_ID',
    'PIPELINES_FILE',
    'COMMAND_URL',
  ];
  const lines = keys.flatMap((k) => (env[k] ? [`${k}=${env[k]}`] : []));
  lines.push(`DEALFLOW_STACK_PID=${process.pid}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Removes the file if it still describes this process's stack (a newer `npm start` may own it). */
export function removeStackFile(file = STACK_FILE): void {
  try {
    if (readFileSync(file, 'utf8').includes(`DEALFLOW_STACK_PID=${process.pid}\n`)) rmSync(file);
  } catch {
    // already gone
  }
}
