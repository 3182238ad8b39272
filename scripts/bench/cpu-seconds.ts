import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ; 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) a process has used so far; NaN where `/proc` cannot tell. */
export async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** CPU seconds of the whole machine so far: every core's user, nice, system, irq and softirq. */
export async function machineCpuSeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) / TICKS;
}

/**
 * CPU seconds used by the named processes and by the Postgres backends serving one database,
 * between `start` and `stop`. On a shared machine the wall-clock rate moves with everyone's
 * load; the CPU spent per event by our own processes does not, so it shows where a change
 * saved work.
 */
export async function cpuMeter(databaseUrl: string, pids: Record<string, number | undefined>) {
  const database = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const backends = async () => {
    const { rows } = await admin.query<{ pid: number; app: string }>(
      `SELECT pid, coalesce(nullif(application_name, ''), 'other') AS app
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows;
  };
  const sample = async () => {
    const used = new Map<string, number>();
    for (const [name, pid] of Object.entries(pids)) used.set(name, await cpuSeconds(pid));
    for (const { pid, app } of await backends()) {
      used.set(`postgres ${app}#${pid}`, await cpuSeconds(pid));
    }
    return used;
  };
  const before = await sample();
  return {
    /** Seconds per process since the meter started; Postgres backends summed per application. */
    async stop(): Promise<Map<string, number>> {
      const after = await sample();
      await admin.end();
      const spent = new Map<string, number>();
      for (const [key, seconds] of after) {
        const name = key.startsWith('postgres ') ? key.slice(0, key.lastIndexOf('#')) : key;
        const delta = seconds - (before.get(key) ?? 0);
        spent.set(name, (spent.get(name) ?? 0) + (Number.isFinite(delta) ? delta : 0));
      }
      return spent;
    },
  };
}
