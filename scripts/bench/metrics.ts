import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startService } from '@dealflow/testkit';
import { startBenchStack } from './bench-stack.js';
import {
  settle,
  benchClock,
  chunkCount,
  loadDirect,
  loadedChunks,
  loadThroughKafka,
  type LoadPlan,
} from './metrics-load.js';
import { loadAverage, timedGets } from './http-load.js';
import { probeLeadLists } from './lead-list-probe.js';
import { filterCombos, METRIC_ENDPOINTS, probeName } from './metric-probes.js';
import { describeLatencies } from './stats.js';
import { measureThroughput, startHelloWorld, type Throughput } from './throughput.js';

/** Sequential GETs of `path?query`; client-side latency of each (ms). */
const measure = (base: string, path: string, query: Record<string, string>, n: number) =>
  timedGets(`${base}${path}?${new URLSearchParams(query).toString()}`, n);

/** The lead counts to stop at and measure: `--probe-at`, else the quarters of a direct load. */
function probePoints(leads: number, probeAt: string | undefined, direct: boolean): number[] {
  if (probeAt !== undefined) {
    const points = probeAt.split(',').map((p) => Number(p.trim()));
    if (points.some((p) => !Number.isSafeInteger(p) || p <= 0 || p > leads)) {
      throw new Error(`--probe-at: lead counts between 1 and --leads, got ${probeAt}`);
    }
    return [...new Set(points)].sort((a, b) => a - b);
  }
  return direct ? [1, 2, 3, 4].map((q) => Math.round((q * leads) / 4)) : [leads];
}

const rate = (t: Throughput) =>
  `${t.perSecond.toFixed(0)} req/s (${t.requests} answers: ${Object.entries(t.statuses)
    .map(([status, n]) => `${n}×${status}`)
    .join(' ')})`;

/**
 * Requests per second with `clients` concurrent clients: a Fastify hello world, then the plain
 * `/v1/funnel` and `/v1/metrics/summary` without `If-None-Match` — computed by every request
 * (`computing`, the service with no answer cache), and with the default answer cache (`shared`:
 * one computation per tag) — and with `If-None-Match` (304), in one run.
 */
async function throughput(
  bases: { computing: string; shared: string },
  clients: number,
  seconds: number,
): Promise<string[]> {
  const hello = await startHelloWorld();
  const lines: string[] = [];
  try {
    const baseline = await measureThroughput(hello.url, { clients, seconds });
    lines.push(`  hello world (Fastify, no database): ${rate(baseline)}`);
    const ratio = (t: Throughput) => (t.perSecond / baseline.perSecond).toFixed(3);
    for (const path of ['/v1/funnel', '/v1/metrics/summary']) {
      const first = await fetch(`${bases.shared}${path}`);
      await first.text();
      const etag = first.headers.get('etag');
      if (etag === null) throw new Error(`${path} answered without an ETag`);
      const cases: [string, string, Record<string, string>][] = [
        ['uncached, computed by every request', bases.computing, {}],
        ['uncached, answer kept by ETag (default)', bases.shared, {}],
        ['If-None-Match (304)', bases.shared, { 'if-none-match': etag }],
      ];
      for (const [label, base, headers] of cases) {
        const t = await measureThroughput(`${base}${path}`, { clients, seconds, headers });
        lines.push(`  ${path} ${label}: ${rate(t)}, ${ratio(t)} × hello world`);
      }
    }
  } finally {
    hello.stop();
  }
  return lines;
}

/**
 * `npm run bench -- metrics [--leads N] [--load kafka|direct] [--requests R] [--probe-at a,b]
 * [--clients 32] [--seconds 5] [--database NAME] [--only lead-lists]`
 *
 * Loads N leads (≈ 3.4 events each) into a fresh database's read models — through Kafka and
 * the running projector (`kafka`, default), or by calling the fold and the set-based apply
 * directly (`direct`) — and at each probe point (`--probe-at`, lead counts; default the
 * quarters of a direct load, else the end) measures, against the running query service:
 * latency of every metrics endpoint and `/v1/funnel` (R sequential requests per endpoint,
 * spread over six filter combinations, 200 each by default so that a combination's p99 is not
 * just its slowest request; p50/p90/p99 per combination and overall, after warm-ups:
 * each combination's first, cold request is printed apart), then
 * requests per second of both with `--clients` concurrent clients, uncached and with
 * `If-None-Match`, beside a Fastify hello world measured the same way in the same run; and
 * pages of 50 of `/v1/leads` with each filter alone and each sort (R / 2 pages per case, at
 * least 1 000 so that a p99 is not just the second-worst page, following the cursor).
 *
 * `--database NAME` keeps the loaded database under that name; a later run with the same name
 * (and the same `--leads`, `--span-days`) migrates it, loads only the chunks a stopped direct
 * load left out (measuring at the probe points past what was loaded), else measures it again.
 * The generated history is anchored at the first run's time (stored in the database), so the
 * date filters select the same leads. Drop it with `DROP DATABASE NAME` when done.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '1000000' },
      load: { type: 'string', default: 'kafka' },
      requests: { type: 'string', default: '1200' },
      chunk: { type: 'string', default: '25000' },
      'span-days': { type: 'string', default: '365' },
      'probe-at': { type: 'string' },
      clients: { type: 'string', default: '32' },
      seconds: { type: 'string', default: '5' },
      database: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const keep = values.database === undefined ? undefined : { name: values.database };
  const direct = values.load === 'direct';
  const leadCount = Number(values.leads);
  const points = probePoints(leadCount, values['probe-at'], direct);
  if (!direct && points.length > 1)
    throw new Error('--probe-at with several points needs --load direct');
  const stack = await startBenchStack(6, keep);
  const now = await benchClock(stack.databaseUrl, stack.reused);
  const plan: LoadPlan = {
    leads: leadCount,
    chunkLeads: Number(values.chunk),
    now,
    spanDays: Number(values['span-days']),
  };
  const combos = filterCombos(now);
  /** Latency of every endpoint over every combo, `total` requests per endpoint. */
  const probe = async (total: number) => {
    const perCombo = Math.max(1, Math.round(total / combos.length));
    const lines: string[] = [];
    for (const [path, extra] of values.only === 'lead-lists' ? [] : METRIC_ENDPOINTS) {
      const name = probeName(path, extra);
      await measure(stack.query.url, path, extra, 20); // warm-up: connections, plans, caches
      const all: number[] = [];
      for (const combo of combos) {
        // A combination's first answer reads its cells from disk into the buffer cache (up to
        // ~1 s on a cold 1 M-lead database): measured on its own line, then warmed past.
        const [first = 0] = await measure(stack.query.url, path, { ...combo, ...extra }, 1);
        await measure(stack.query.url, path, { ...combo, ...extra }, 4);
        lines.push(`  ${name} ${JSON.stringify(combo)} first request: ${first.toFixed(1)} ms`);
        const latencies = await measure(stack.query.url, path, { ...combo, ...extra }, perCombo);
        all.push(...latencies);
        lines.push(`  ${name} ${JSON.stringify(combo)}: ${describeLatencies(latencies)}`);
      }
      lines.push(`${name} overall: ${describeLatencies(all)}`);
    }
    lines.push(...(await probeLeadLists(stack.query.url, now, Math.max(1000, total / 2))));
    return lines;
  };
  /** Requests per second (not with `--only lead-lists`), beside a second, caching service. */
  const measureRates = async (): Promise<string[]> => {
    if (values.only === 'lead-lists') return [];
    const shared = await startService('query', stack.env);
    return throughput(
      { computing: stack.query.url, shared: shared.url },
      Number(values.clients),
      Number(values.seconds),
    ).finally(() => shared.kill());
  };
  const printRates = (lines: string[]) => {
    if (lines.length === 0) return;
    console.log(
      `throughput: ${values.clients} concurrent keep-alive clients, ${values.seconds} s each, same client for all`,
    );
    for (const line of lines) console.log(line);
  };
  try {
    const method = direct
      ? 'direct: the real fold + set-based apply in 25k-lead transactions, 2 writers (no Kafka)'
      : 'Kafka topic → running projector';
    console.log(
      `machine: ${cpus().length} cores, shared with Kafka, Postgres, the services, this client`,
    );
    console.log(`client: node ${process.execArgv.join(' ')}`);
    let events = 0;
    let loadSecs = 0;
    const chunks = chunkCount(plan);
    const loaded = await loadedChunks(stack.databaseUrl, stack.reused, plan);
    const missing = Array.from({ length: chunks }, (_, c) => c).filter((c) => !loaded.has(c));
    if (missing.length > 0 && loaded.size > 0) {
      if (!direct) throw new Error('completing a stopped load needs --load direct');
      console.log(
        `database ${values.database ?? ''} holds ${loaded.size} of ${chunks} chunks: loading the other ${missing.length}`,
      );
    }
    if (missing.length === 0) {
      console.log(`reusing database ${values.database ?? ''}: no load, measured as it is`);
      await settle(stack.databaseUrl);
      const lines = await probe(Number(values.requests));
      const rates = await measureRates();
      console.log(`\n== metrics query benchmark: reused database, ${plan.leads} leads ==`);
      console.log(`load average (1/5/15 min): ${await loadAverage()} after measuring`);
      for (const line of lines) console.log(line);
      printRates(rates);
      return;
    }
    const before = loaded.size;
    for (const point of points) {
      const upTo = Math.min(chunks, Math.ceil(point / plan.chunkLeads));
      if (upTo <= before) continue; // measured by the run that loaded it
      const started = performance.now();
      const batch = missing.filter((c) => c < upTo && !loaded.has(c));
      events += direct ? await loadDirect(stack, plan, batch) : await loadThroughKafka(stack, plan);
      for (const c of batch) loaded.add(c);
      loadSecs += (performance.now() - started) / 1000;
      // The planner's statistics as autovacuum leaves them after a bulk load, without waiting.
      await settle(stack.databaseUrl);
      const leads = Math.min(plan.leads, upTo * plan.chunkLeads);
      const loadBefore = await loadAverage();
      const lines = await probe(Number(values.requests));
      const rates = await measureRates();
      const resumed =
        before > 0 ? ` by this run (after the ${before} chunks of an earlier one)` : '';
      console.log(
        `\n== metrics query benchmark: ${leads} leads, ${events} events loaded${resumed} ==`,
      );
      console.log(
        `load: ${loadSecs.toFixed(0)} s so far (${(events / loadSecs).toFixed(0)} events/s incl. generating them) via ${method}`,
      );
      console.log(
        `load average (1/5/15 min): ${loadBefore} before measuring, ${await loadAverage()} after`,
      );
      console.log(
        'latency: client side, sequential HTTP GETs to the running query service (no answer cache: every request computes), after 20 warm-ups',
      );
      for (const line of lines) console.log(line);
      printRates(rates);
    }
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
