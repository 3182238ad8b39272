import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';

/** Requests per second of one URL under `clients` concurrent keep-alive clients. */
export interface Throughput {
  perSecond: number;
  requests: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
}

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * `clients` loops, each sending the next GET as soon as the last is answered, for `seconds`
 * after a short warm-up; every loop on one keep-alive connection of its own.
 */
export async function measureThroughput(
  url: string,
  opts: { clients: number; seconds: number; headers?: Record<string, string> },
): Promise<Throughput> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const headers = opts.headers ?? {};
  const statuses: Record<number, number> = {};
  let counting = false;
  let requests = 0;
  let stop = false;
  const loop = async () => {
    while (!stop) {
      const status = await get(agent, url, headers);
      if (!counting) continue;
      requests += 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: opts.clients }, loop);
  await new Promise((r) => setTimeout(r, 500));
  counting = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  counting = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(loops);
  agent.destroy();
  return { perSecond: requests / elapsed, requests, statuses };
}

/**
 * A server script of this folder in a process of its own, which prints `{"url": …}` once
 * listening: its URL, its process id and a stop.
 */
export async function startServerScript(
  script: string,
  env: Record<string, string> = {},
): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** A Fastify hello world in a process of its own (`hello-server.mjs`). */
export const startHelloWorld = () => startServerScript('./hello-server.mjs');
