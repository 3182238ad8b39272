import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory, importLinesFromHistory } from '@dealflow/testkit';
import type { BenchStack } from './bench-stack.js';
import { cpuMeter, cpuSeconds } from './cpu-seconds.js';
import { memoryMiB } from './http-load.js';

const DAY = 86_400_000;

/** What importing a generated CRM export through `npm run ops -- import` did. */
export interface ImportRun {
  leads: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  /** Highest resident memory seen during the import, MiB. */
  servicePeakMiB: number;
  cliPeakMiB: number;
  /**
   * Highest resident memory of each process in each quarter of the import's time, MiB: flat
   * memory shows as four similar figures, memory growing with the file as a rising series.
   */
  serviceQuartersMiB: number[];
  cliQuartersMiB: number[];
  /**
   * CPU seconds spent during the import by each process of the stack (the CLI, the services,
   * Postgres per application name), whatever else ran on the machine.
   */
  cpuSeconds: Map<string, number>;
}

/** The highest sample in each quarter of [start, end]. */
function quarterPeaks(samples: { at: number; mib: number }[], start: number, end: number) {
  const peaks = [0, 0, 0, 0];
  const span = Math.max(end - start, 1);
  for (const { at, mib } of samples) {
    const q = Math.min(3, Math.floor(((at - start) / span) * 4));
    peaks[q] = Math.max(peaks[q] ?? 0, mib);
  }
  return peaks;
}

/**
 * Writes `leads` generated histories as an NDJSON file (in chunks, never all in memory), then
 * runs the import CLI against the command service, sampling both processes' memory.
 */
export async function benchImport(
  stack: Pick<BenchStack, 'command' | 'projector' | 'databaseUrl'>,
  leads: number,
): Promise<ImportRun> {
  const commandUrl = stack.command.url;
  const servicePid = stack.command.pid;
  const dir = await mkdtemp(join(tmpdir(), 'dealflow-bench-import-'));
  try {
    const file = join(dir, 'crm.ndjson');
    const out = createWriteStream(file);
    let events = 0;
    const chunk = 5_000;
    for (let from = 0; from < leads; from += chunk) {
      const history = generateHistory({
        leads: Math.min(chunk, leads - from),
        seed: 1000 + from,
        start: new Date(Date.now() - 400 * DAY),
        // Room after the span: a history with moves back and reopenings runs on past its start.
        spanDays: 330,
      }).map((e) => ({ ...e, leadId: `imp-${from}-${e.leadId}` }));
      events += history.length;
      for (const line of importLinesFromHistory(history)) {
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
    console.error(`import: ${leads} leads, ${events} events in ${file}`);

    const meter = await cpuMeter(stack.databaseUrl, {
      'command service': servicePid,
      projector: stack.projector.pid,
    });
    const started = performance.now();
    const cli = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'services/command/src/ops/import-cli.ts',
        'import',
        file,
        '--url',
        commandUrl,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let refused = '';
    cli.stdout.on('data', (b: Buffer) => (refused += b.toString()));
    const service: { at: number; mib: number }[] = [];
    const client: { at: number; mib: number }[] = [];
    const sampler = setInterval(() => {
      const at = performance.now();
      void memoryMiB(servicePid).then((m) => service.push({ at, mib: m.rss || 0 }));
      void memoryMiB(cli.pid).then((m) => client.push({ at, mib: m.rss || 0 }));
    }, 200);
    let cliCpu = 0;
    const cliMeter = setInterval(() => {
      void cpuSeconds(cli.pid).then((s) => (cliCpu = Number.isFinite(s) ? s : cliCpu));
    }, 200);
    const [code] = (await once(cli, 'exit')) as [number | null];
    clearInterval(sampler);
    clearInterval(cliMeter);
    const spent = await meter.stop();
    spent.set('CLI', cliCpu);
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const serviceQuartersMiB = quarterPeaks(service, started, ended);
    const cliQuartersMiB = quarterPeaks(client, started, ended);
    if (code !== 0 || refused !== '')
      throw new Error(`import exited ${code}; refused lines:\n${refused.slice(0, 4000)}`);
    return {
      leads,
      events,
      seconds,
      eventsPerSec: events / seconds,
      servicePeakMiB: Math.max(...serviceQuartersMiB),
      cliPeakMiB: Math.max(...cliQuartersMiB),
      serviceQuartersMiB,
      cliQuartersMiB,
      cpuSeconds: spent,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
