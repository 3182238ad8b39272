import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';

/** One POST's answer: status, parsed body, how long it took (ms). */
export interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** Keep-alive connections to one service, at most `connections` at once. */
export function keepAlive(connections: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: connections });
}

/** A JSON POST over a keep-alive agent (lighter than fetch: the client shares the 2 cores). */
export function post(agent: Agent, url: string, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
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
