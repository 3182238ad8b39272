import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchImport } from './import-file-bench.js';
import { loadAverage, type Answer } from './http-load.js';
import { measureRawBaselines } from './raw-baselines.js';
import { cpuMeter } from './cpu-seconds.js';
import { HttpConnection } from './http-connection.js';
import { watchPauses } from './runtime-pauses.js';
import { startBenchStack, type BenchStack } from './bench-stack.js';
import { quantile } from './stats.js';

const AMOUNT = { value: 120_000, currency: 'EUR' };
const ms = (values: number[]) =>
  `p50 ${quantile(values, 0.5).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms (n=${values.length})`;

/** One lead's life as the mix sends it: create, two advances, then a win or a loss. */
function lifeOf(i: number): { path: (id: string) => string; body: unknown }[] {
  return [
    { path: () => '/v1/leads', body: { name: `Lead ${i}`, amount: AMOUNT } },
    { path: (id) => `/v1/leads/${id}/advance`, body: { toStage: 'demo' } },
    { path: (id) => `/v1/leads/${id}/advance`, body: { toStage: 'proposal' } },
    i % 2 === 0
      ? { path: (id) => `/v1/leads/${id}/win`, body: {} }
      : { path: (id) => `/v1/leads/${id}/lose`, body: { reason: 'price' } },
  ];
}

/**
 * Sends commands from `clients` loops for `seconds`: only creates, or lead lives (the mix).
 * With `perClientRate` each loop waits for its next slot (a paced load below saturation).
 */
async function drive(
  stack: BenchStack,
  opts: { clients: number; seconds: number; mix: boolean; perClientRate?: number },
): Promise<{ rate: number; latencies: number[]; cpu: string }> {
  const meter = await cpuMeter(stack.databaseUrl, {
    command: stack.command.pid,
    projector: stack.projector.pid,
    query: stack.query.pid,
  });
  const ownCpu = process.cpuUsage();
  const connections = await Promise.all(
    Array.from({ length: opts.clients }, () => HttpConnection.open(stack.command.url)),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const check = (a: Answer) => {
    if (a.status >= 300) throw new Error(`command answered ${a.status}: ${a.body}`);
    latencies.push(a.ms);
    return JSON.parse(a.body) as { leadId: string };
  };
  let lead = 0;
  await Promise.all(
    connections.map(async (connection, c) => {
      let slot = started + (c * 1000) / (opts.perClientRate ?? Infinity) / opts.clients;
      const pace = async () => {
        if (opts.perClientRate === undefined) return;
        slot += 1000 / opts.perClientRate;
        const wait = slot - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      };
      while (performance.now() < end) {
        const steps = opts.mix ? lifeOf(lead) : lifeOf(lead).slice(0, 1);
        lead += 1;
        let id = '';
        for (const step of steps) {
          await pace();
          id = check(await connection.post(step.path(id), step.body)).leadId;
        }
      }
    }),
  );
  for (const connection of connections) connection.close();
  const rate = latencies.length / ((performance.now() - started) / 1000);
  const spent = await meter.stop();
  const own = process.cpuUsage(ownCpu);
  spent.set('bench client', (own.user + own.system) / 1e6);
  return { rate, latencies, cpu: perCommand(spent, latencies.length) };
}

/** CPU µs per command of each process (Postgres backends by application), largest first. */
function perCommand(spent: Map<string, number>, commands: number): string {
  const all = [...spent].sort((a, b) => b[1] - a[1]);
  const total = all.reduce((sum, [, s]) => sum + s, 0);
  const us = (s: number) => ((s * 1e6) / commands).toFixed(0);
  return `${us(total)} µs (${all.map(([name, s]) => `${name} ${us(s)}`).join(', ')})`;
}

/** Accepted → visible: a lead with its own owner, polled on `/v1/funnel` until it counts. */
async function visibility(stack: BenchStack, samples: number, untilMs: number): Promise<number[]> {
  const command = await HttpConnection.open(stack.command.url);
  const query = await HttpConnection.open(stack.query.url);
  const out: number[] = [];
  for (let i = 0; i < samples || performance.now() < untilMs; i++) {
    const ownerId = `visible-${i}-${Date.now()}`;
    const created = await command.post('/v1/leads', { name: 'Visible', ownerId, amount: AMOUNT });
    if (created.status !== 201) throw new Error(`create answered ${created.status}`);
    const accepted = performance.now();
    for (;;) {
      const res = await query.get(`/v1/funnel?ownerId=${ownerId}`);
      if (res.status !== 200) throw new Error(`funnel answered ${res.status}: ${res.body}`);
      const body = JSON.parse(res.body) as { totals: { leads: number } };
      if (body.totals.leads >= 1) break;
      if (performance.now() - accepted > 30_000) throw new Error('not visible within 30 s');
      await new Promise((r) => setTimeout(r, 2));
    }
    out.push(performance.now() - accepted);
    await new Promise((r) => setTimeout(r, 20));
  }
  command.close();
  query.close();
  return out;
}

/** Waits until the projector has applied every event appended so far; how long it took (s). */
async function projectorCaughtUp(stack: BenchStack): Promise<number> {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const started = performance.now();
  try {
    const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM events');
    const appended = Number(rows[0]?.n ?? 0);
    for (;;) {
      const applied = await db.query<{ n: string }>(
        'SELECT COALESCE(SUM(next_offset), 0)::text AS n FROM projection_checkpoints WHERE topic = $1',
        [stack.topic],
      );
      if (Number(applied.rows[0]?.n ?? 0) >= appended) break;
      if (performance.now() - started > 180_000)
        throw new Error('projector not caught up in 180 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await db.end();
  }
  return (performance.now() - started) / 1000;
}

/** What `--only` can pick: the HTTP commands, or the import. */
const PARTS = ['commands', 'import'] as const;

/**
 * `npm run bench -- commands [--seconds S] [--clients C] [--import-leads N] [--samples S]
 *  [--only commands|import] [--profile DIR]`
 *
 * In one run on the same Postgres: the raw insert baselines from the `pg` driver, commands/s
 * over HTTP (creates; a mix of creates, advances, wins, losses), latency and accepted → visible
 * at half the maximum rate, and the import of N generated leads through the CLI. `--only` runs
 * the baselines and one of the two parts; `--profile` writes a CPU profile of each service
 * (`.cpuprofile`, on its exit) into DIR/command, DIR/projector and DIR/query.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '8' },
      clients: { type: 'string', default: '32' },
      'import-leads': { type: 'string', default: '200000' },
      samples: { type: 'string', default: '200' },
      only: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const only = values.only;
  if (only !== undefined && !PARTS.some((part) => part === only)) {
    throw new Error(`--only takes one of ${PARTS.join(', ')}, got ${only}`);
  }
  const runs = (part: (typeof PARTS)[number]) => only === undefined || only === part;
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const loadBefore = await loadAverage();
  const stack = await startBenchStack(6, undefined, values.profile);
  try {
    console.error('raw baselines…');
    const raw = await measureRawBaselines(stack.databaseUrl, {
      clients,
      seconds: 5,
      rowsPerStatement: 1000,
    });
    const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`;
    const report: string[] = [
      `raw single-row INSERT (pg, ${clients} clients): ${raw.insertTxPerSec.toFixed(0)} tx/s`,
      `raw multi-row UNNEST (pg, ${clients} clients, 1000 rows/statement): ${raw.unnestRowsPerSec.toFixed(0)} rows/s`,
    ];
    if (runs('commands')) {
      console.error('commands over HTTP…');
      await drive(stack, { clients, seconds: 2, mix: false }); // warm-up (JIT, pools)
      const creates = await drive(stack, { clients, seconds, mix: false });
      const mix = await drive(stack, { clients, seconds, mix: true });
      const half = Math.max(creates.rate, mix.rate) / 2;
      console.error(`half the maximum rate: ${half.toFixed(0)} commands/s…`);
      // At the maximum rate the projector falls behind; the half-rate phases measure a steady
      // state, not the fold of that backlog.
      const caughtUp = await projectorCaughtUp(stack);
      console.error(`projector caught up with the maximum-rate phases in ${caughtUp.toFixed(1)} s`);
      const pacedLoad = { clients, seconds: 15, mix: true, perClientRate: half / clients };
      // The command latency first, on its own: the visibility probe polls the query service
      // hundreds of times a second, load that is not part of the command rate. Then the same
      // load again with the probe beside it.
      const services = { command: stack.command.url, projector: stack.projector.url };
      const watching = await watchPauses({ ...services, query: stack.query.url });
      const atHalf = await drive(stack, pacedLoad);
      const pauses = await watching.stop();
      const probed = drive(stack, pacedLoad);
      const visible = await visibility(stack, Number(values.samples), performance.now() + 14_000);
      const atHalfProbed = await probed;
      report.push(
        `creates over HTTP (${clients} connections): ${creates.rate.toFixed(0)} commands/s = ${ratio(creates.rate, raw.insertTxPerSec)} raw insert; ${ms(creates.latencies)}`,
        `mix create/advance/win/lose (${clients} connections): ${mix.rate.toFixed(0)} commands/s = ${ratio(mix.rate, raw.insertTxPerSec)} raw insert; ${ms(mix.latencies)}`,
        `  CPU per command: creates ${creates.cpu}; mix ${mix.cpu}`,
        `  the projector folded the backlog of the maximum-rate phases ${caughtUp.toFixed(1)} s after they ended`,
        `at half the max (${atHalf.rate.toFixed(0)} commands/s achieved of ${half.toFixed(0)} asked): latency ${ms(atHalf.latencies)}`,
        `  CPU per command at half the max: ${atHalf.cpu}`,
        `  pauses at half the max: ${pauses}`,
        `accepted → visible in /v1/funnel at half the max: ${ms(visible)}`,
        `  the same load with the probe polling (${atHalfProbed.rate.toFixed(0)} commands/s): latency ${ms(atHalfProbed.latencies)}; CPU per command ${atHalfProbed.cpu}`,
      );
    }
    if (runs('import')) {
      console.error('import…');
      const imported = await benchImport(stack, Number(values['import-leads']));
      const quarters = (q: number[]) => q.map((m) => m.toFixed(0)).join(' / ');
      report.push(
        `import of ${imported.leads} leads (${imported.events} events) via npm run ops -- import: ${imported.seconds.toFixed(1)} s = ${imported.eventsPerSec.toFixed(0)} events/s = ${ratio(imported.eventsPerSec, raw.unnestRowsPerSec)} raw UNNEST; peak RSS command service ${imported.servicePeakMiB.toFixed(0)} MiB, CLI ${imported.cliPeakMiB.toFixed(0)} MiB`,
        `  peak RSS per quarter of the import: command service ${quarters(imported.serviceQuartersMiB)} MiB; CLI ${quarters(imported.cliQuartersMiB)} MiB`,
        `  CPU during the import, µs per event (seconds): ${[...imported.cpuSeconds]
          .sort((a, b) => b[1] - a[1])
          .map(
            ([name, s]) => `${name} ${((s * 1e6) / imported.events).toFixed(0)} (${s.toFixed(1)})`,
          )
          .join('; ')}`,
      );
    }
    const loadAfter = await loadAverage();
    console.log('\n== commands benchmark ==');
    console.log(`load average before ${loadBefore}, after ${loadAfter} (machine shared)`);
    for (const line of report) console.log(line);
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
