import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Resolved } from './kafka-options.js';

/** The pid file's broker if it is still alive and really ours; undefined otherwise. */
export async function readPidFile(o: Resolved): Promise<{ pid: number; port: number } | undefined> {
  const [pidLine, portLine] = (await readFile(o.pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isOurBroker(o, pid)) return undefined;
  return { pid, port: Number(portLine) || o.port };
}

/** Alive and running kafka.Kafka on our config: guards against a stale pid file whose pid was reused. */
export function isOurBroker(o: Resolved, pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // ESRCH gone, or EPERM: someone else's process, so not a broker we started
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
  // A zombie (exited, not yet reaped) has an empty command line; a recycled pid another one.
  return cmdline.includes('kafka.Kafka') && cmdline.includes(o.propsFile);
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
