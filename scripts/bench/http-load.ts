import { readFile } from 'node:fs/promises';

/** One answer: status, body, how long it took (ms). */
export interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** `n` sequential GETs of `url`; the latency of each (ms). An answer other than 200 stops it. */
export async function timedGets(url: string, n: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** Resident memory of a process now and at its peak (`/proc/<pid>/status`), in MiB. */
export async function memoryMiB(pid: number | undefined): Promise<{ rss: number; peak: number }> {
  if (pid === undefined) return { rss: NaN, peak: NaN };
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** The 1-minute load average, as `uptime` shows it. */
export async function loadAverage(): Promise<string> {
  const text = await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?');
  return text.split(' ').slice(0, 3).join(' ');
}
