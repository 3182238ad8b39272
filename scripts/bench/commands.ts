import { parseArgs } from 'node:util';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { commandsFromHistory, driveCommands, generateHistory } from '@dealflow/testkit';
import { progressReporter } from '../progress.js';
import { startBenchStack, type BenchStack } from './bench-stack.js';
import { describeLatencies } from './stats.js';

const DAY = 86_400_000;

async function funnelLeads(stack: BenchStack, ownerId: string): Promise<number> {
  const res = await fetch(`${stack.query.url}/v1/funnel?ownerId=${encodeURIComponent(ownerId)}`);
  const body = (await res.json()) as { totals: { leads: number } };
  return body.totals.leads;
}

/** Time from a command's 2xx to the lead showing in `/v1/funnel`, polled every `pollMs`. */
async function visibilityLatency(stack: BenchStack, samples: number, tag: string, pollMs = 2) {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const ownerId = `bench-${tag}-${i}`;
    const res = await fetch(`${stack.command.url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Sample ${i}`,
        ownerId,
        amount: { value: 100_00, currency: 'EUR' },
      }),
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
    const accepted = performance.now();
    const deadline = Date.now() + 30_000;
    while ((await funnelLeads(stack, ownerId)) < 1) {
      if (Date.now() > deadline) throw new Error(`lead of ${ownerId} not visible within 30 s`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
    latencies.push(performance.now() - accepted);
  }
  return latencies;
}

/**
 * `npm run bench -- commands [--leads N] [--concurrency C] [--samples S]`
 *
 * 1. Throughput: a generated history of N leads sent as REST commands by C concurrent clients;
 *    commands/s accepted by the command service, with client-side command latency.
 * 2. Accepted → visible: S leads created one after another, each polled on /v1/funnel until it
 *    counts, idle and again while a background load streams commands.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '8000' },
      concurrency: { type: 'string', default: '32' },
      samples: { type: 'string', default: '300' },
    },
  });
  const stack = await startBenchStack();
  try {
    const now = Date.now();
    const events = generateHistory({
      leads: Number(values.leads),
      seed: 1,
      start: new Date(now - 60 * DAY),
      spanDays: 55,
      pipelines: [defaultPipeline, b2cPipeline],
      until: new Date(now - 60_000),
    });
    const perLead = commandsFromHistory(events);
    console.error(
      `throughput: ${events.length} commands, ${values.concurrency} concurrent clients`,
    );
    const run = await driveCommands(stack.command.url, perLead, {
      concurrency: Number(values.concurrency),
      onProgress: progressReporter('commands', events.length),
    });
    if (run.failed.length > 0) throw new Error(`${run.failed.length} commands refused`);
    const rate = run.sent / (run.elapsedMs / 1000);

    const idle = await visibilityLatency(stack, Number(values.samples), 'idle');
    const background = generateHistory({
      leads: 3_000,
      seed: 2,
      start: new Date(now - 30 * DAY),
      spanDays: 25,
      until: new Date(now - 60_000),
    }).map((e) => ({ ...e, leadId: `bg-${e.leadId}` }));
    const load = driveCommands(stack.command.url, commandsFromHistory(background), {
      concurrency: 8,
    });
    const loaded = await visibilityLatency(stack, Number(values.samples), 'load');
    const bg = await load;

    console.log('\n== command service benchmark ==');
    console.log(
      `machine: ${(await import('node:os')).cpus().length} cores; all services, Kafka and Postgres on it`,
    );
    console.log(
      `throughput: ${run.sent} commands in ${(run.elapsedMs / 1000).toFixed(1)} s = ${rate.toFixed(0)} commands/s (${values.concurrency} clients)`,
    );
    console.log(`command latency (client side): ${describeLatencies(run.latenciesMs)}`);
    console.log(`accepted → visible in /v1/funnel, idle: ${describeLatencies(idle)}`);
    console.log(
      `accepted → visible in /v1/funnel, under load (${(bg.sent / (bg.elapsedMs / 1000)).toFixed(0)} commands/s in the background): ${describeLatencies(loaded)}`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
