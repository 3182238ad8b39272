import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory, importLinesFromHistory } from '@dealflow/testkit';
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
}

/**
 * Writes `leads` generated histories as an NDJSON file (in chunks, never all in memory), then
 * runs the import CLI against the command service, sampling both processes' memory.
 */
export async function benchImport(
  commandUrl: string,
  servicePid: number | undefined,
  leads: number,
): Promise<ImportRun> {
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
        spanDays: 360,
      }).map((e) => ({ ...e, leadId: `imp-${from}-${e.leadId}` }));
      events += history.length;
      for (const line of importLinesFromHistory(history)) {
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
    console.error(`import: ${leads} leads, ${events} events in ${file}`);

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
    let refused = 0;
    cli.stdout.on('data', (b: Buffer) => (refused += b.toString().split('\n').length - 1));
    let servicePeak = 0;
    let cliPeak = 0;
    const sampler = setInterval(() => {
      void memoryMiB(servicePid).then((m) => (servicePeak = Math.max(servicePeak, m.rss || 0)));
      void memoryMiB(cli.pid).then((m) => (cliPeak = Math.max(cliPeak, m.rss || 0)));
    }, 200);
    const [code] = (await once(cli, 'exit')) as [number | null];
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0 || refused > 0)
      throw new Error(`import exited ${code}, ${refused} lines refused`);
    return {
      leads,
      events,
      seconds,
      eventsPerSec: events / seconds,
      servicePeakMiB: servicePeak,
      cliPeakMiB: cliPeak,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
