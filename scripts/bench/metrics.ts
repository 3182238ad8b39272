import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startBenchStack } from './bench-stack.js';
import { chunkCount, loadDirect, loadThroughKafka, type LoadPlan } from './metrics-load.js';
import { probeLeadLists } from './lead-list-probe.js';
import { describeLatencies } from './stats.js';

const DAY = 86_400_000;

/** ANALYZE of the whole database, so the measured plans are those of a settled system. */
async function analyze(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Sequential GETs of `path?query`; client-side latency of each (ms). */
async function measure(base: string, path: string, query: Record<string, string>, n: number) {
  const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
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

/**
 * `npm run bench -- metrics [--leads N] [--load kafka|direct] [--requests R]`
 *
 * Loads N leads (≈ 3.4 events each) into a fresh database's read models — through Kafka and
 * the running projector (`kafka`, default), or by calling the fold and the set-based apply
 * directly (`direct`) — then measures `/v1/metrics/summary` and `/v1/funnel` over HTTP against
 * the running query service: R sequential requests per endpoint, spread over several filters;
 * and pages of 50 of `/v1/leads` with each filter alone and each sort (R / 2 pages per case,
 * following the cursor).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '1000000' },
      load: { type: 'string', default: 'kafka' },
      requests: { type: 'string', default: '400' },
      chunk: { type: 'string', default: '25000' },
      'span-days': { type: 'string', default: '365' },
    },
  });
  const now = Date.now();
  const plan: LoadPlan = {
    leads: Number(values.leads),
    chunkLeads: Number(values.chunk),
    now,
    spanDays: Number(values['span-days']),
  };
  const stack = await startBenchStack();
  const day = (offset: number) => new Date(now - offset * DAY).toISOString().slice(0, 10);
  const month = { from: `${day(120)}T00:00:00.000Z`, to: `${day(90)}T00:00:00.000Z` };
  const combos: Record<string, string>[] = [
    {},
    { ownerId: 'owner-2', source: 'web' },
    month,
    { window: 'activity', ...month },
    { asOf: new Date(now - 60 * DAY + 12_345_678).toISOString() },
    { pipelineId: 'b2c', from: new Date(now - 200 * DAY + 5_000_000).toISOString() },
  ];
  /** Latency of both endpoints over every combo, `total` requests per endpoint. */
  const probe = async (total: number) => {
    const perCombo = Math.max(1, Math.round(total / combos.length));
    const lines: string[] = [];
    for (const path of ['/v1/metrics/summary', '/v1/funnel']) {
      await measure(stack.query.url, path, {}, 20); // warm-up: connections, plans, caches
      const all: number[] = [];
      for (const query of combos) {
        const latencies = await measure(stack.query.url, path, query, perCombo);
        all.push(...latencies);
        lines.push(`  ${path} ${JSON.stringify(query)}: ${describeLatencies(latencies)}`);
      }
      lines.push(`${path} overall: ${describeLatencies(all)}`);
    }
    lines.push(...(await probeLeadLists(stack.query.url, now, Math.max(100, total / 2))));
    return lines;
  };
  try {
    const method =
      values.load === 'direct'
        ? 'direct: the real fold + set-based apply in 25k-lead transactions, 2 writers (no Kafka)'
        : 'Kafka topic → running projector';
    console.log(
      `machine: ${cpus().length} cores, shared with Kafka, Postgres, the services, this client`,
    );
    let events = 0;
    let loadSecs = 0;
    // Direct loads stop at each quarter to measure, so a slow machine still yields figures.
    const steps = values.load === 'direct' ? 4 : 1;
    const chunks = chunkCount(plan);
    for (let step = 1; step <= steps; step++) {
      const started = performance.now();
      const range = {
        from: Math.round(((step - 1) * chunks) / steps),
        to: Math.round((step * chunks) / steps),
      };
      events +=
        values.load === 'direct'
          ? await loadDirect(stack, plan, range)
          : await loadThroughKafka(stack, plan);
      loadSecs += (performance.now() - started) / 1000;
      // The planner's statistics as autovacuum leaves them after a bulk load, without waiting.
      await analyze(stack.databaseUrl);
      const leads = Math.min(plan.leads, range.to * plan.chunkLeads);
      const lines = await probe(step === steps ? Number(values.requests) : 120);
      console.log(`\n== metrics query benchmark: ${leads} leads / ${events} events loaded ==`);
      console.log(
        `load: ${loadSecs.toFixed(0)} s so far (${(events / loadSecs).toFixed(0)} events/s incl. generating them) via ${method}`,
      );
      console.log(
        'latency: client side, sequential HTTP GETs to the running query service, after 20 warm-ups',
      );
      for (const line of lines) console.log(line);
    }
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
