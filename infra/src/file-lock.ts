import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Exclusive section across processes: a lock file holding the owner's pid, stolen if that pid is dead. */
export async function withLock<T>(lockFile: string, body: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''));
      if (owner > 0 && !alive(owner)) await rm(lockFile, { force: true });
      else await sleep(250);
    }
  }
  try {
    return await body();
  } finally {
    await rm(lockFile, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
