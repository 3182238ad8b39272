import { loadavg } from 'node:os';
import { timedGets } from './http-load.js';
import { describeLatencies, quantile } from './stats.js';

const DAY = 86_400_000;
/** The bound on a page of 50 with any one filter. */
const P99_BOUND_MS = 20;

interface Page {
  nextCursor: string | null;
}

/**
 * `n` sequential pages of `/v1/leads?query`, following `nextCursor` (back to page 1 at the
 * end), so the figures cover deep pages too; client-side latency of each (ms).
 */
async function walk(base: string, query: Record<string, string>, n: number): Promise<number[]> {
  const latencies: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < n; i++) {
    const params = new URLSearchParams({ ...query, ...(cursor === null ? {} : { cursor }) });
    const url = `${base}/v1/leads?${params.toString()}`;
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.text();
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
    cursor = (JSON.parse(body) as Page).nextCursor;
  }
  return latencies;
}

/**
 * Latencies of `GET /v1/leads` pages of 50: no filter, each filter alone, the sort by amount
 * (both ways), `perCase` pages each (following the cursor), against the running query
 * service. Baseline of the same run: `GET /v1/pipelines` (HTTP, auth and serialisation, no
 * SQL), so each p99 is also given as a ratio to it; each line ends with the machine's 1-minute
 * load average right after its pages (the figures swing with it on a shared machine).
 */
export async function probeLeadLists(base: string, now: number, perCase: number) {
  const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const cases: [string, Record<string, string>][] = [
    ['no filter', {}],
    ['stage=demo', { stage: 'demo' }],
    ['stage=negotiation', { stage: 'negotiation' }],
    ['status=won', { status: 'won' }],
    ['ownerId=owner-2', { ownerId: 'owner-2' }],
    ['source=event', { source: 'event' }],
    ['currency=USD', { currency: 'USD' }],
    ['amount range (EUR)', { currency: 'EUR', amountMin: '2000000', amountMax: '3000000' }],
    ['created range (30 days)', { createdFrom: iso(120), createdTo: iso(90) }],
    ['last-activity range (7 days)', { activityFrom: iso(60), activityTo: iso(53) }],
    ['q=1a2b (distinctive)', { q: '1a2b' }],
    ['q=company 1a (rare, but every card says company)', { q: 'company 1a' }],
    ['q=1a company 2b (two rare words around a common one)', { q: '1a company 2b' }],
    ['q=company f (≈ 4 %)', { q: 'company f' }],
    ['q=com (frequent: ≈ 70 %)', { q: 'com' }],
    ['pipelineId=b2c', { pipelineId: 'b2c' }],
    ['sort=amount desc', { sort: 'amount' }],
    ['sort=amount asc', { sort: 'amount', order: 'asc' }],
    ['sort=createdAt asc', { sort: 'createdAt', order: 'asc' }],
  ];
  const baseline = await timedGets(`${base}/v1/pipelines`, 20 + perCase);
  const baseP99 = quantile(baseline.slice(20), 0.99);
  await walk(base, {}, 20); // warm-up: connections, plans, caches
  const lines = [`GET /v1/pipelines (baseline, no SQL): ${describeLatencies(baseline.slice(20))}`];
  let worst = 0;
  for (const [label, query] of cases) {
    const latencies = await walk(base, { limit: '50', ...query }, perCase);
    const p99 = quantile(latencies, 0.99);
    worst = Math.max(worst, p99);
    const verdict = p99 <= P99_BOUND_MS ? 'ok' : `OVER ${P99_BOUND_MS} ms`;
    lines.push(
      `  /v1/leads ${label}: ${describeLatencies(latencies)}, p99 ${(p99 / baseP99).toFixed(1)}× baseline, ${verdict} (load ${loadavg()[0]?.toFixed(1) ?? '?'})`,
    );
  }
  lines.push(`/v1/leads worst p99: ${worst.toFixed(1)} ms (bound ${P99_BOUND_MS} ms)`);
  return lines;
}
