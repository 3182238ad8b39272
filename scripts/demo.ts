import { parseArgs } from 'node:util';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { commandsFromHistory, driveCommands, generateHistory } from '@dealflow/testkit';
import { progressReporter } from './progress.js';

const DAY = 86_400_000;

/**
 * `npm run demo`: loads a realistic history — leads created over the last months moving through
 * the funnel with the stage probabilities of the default pipeline, some B2C — through the command
 * service's REST API, so the query service shows real numbers at once.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '3000' },
      seed: { type: 'string', default: String(Date.now() % 100_000) },
      url: { type: 'string', default: process.env.COMMAND_URL ?? 'http://127.0.0.1:3001' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const leads = Number(values.leads);
  const now = Date.now();
  const events = generateHistory({
    leads,
    seed: Number(values.seed),
    start: new Date(now - 120 * DAY),
    spanDays: 110,
    pipelines: [defaultPipeline, b2cPipeline],
    until: new Date(now - 60_000),
  });
  // Lead ids of one demo run must not clash with an earlier run's.
  const prefix = `demo-${values.seed}-`;
  const perLead = commandsFromHistory(events.map((e) => ({ ...e, leadId: prefix + e.leadId })));
  console.error(`loading ${leads} leads (${events.length} commands) into ${values.url}`);
  const result = await driveCommands(values.url, perLead, {
    concurrency: Number(values.concurrency),
    onProgress: progressReporter('commands', events.length),
  });
  const rate = (result.sent / (result.elapsedMs / 1000)).toFixed(0);
  console.error(
    `done: ${result.sent} commands in ${(result.elapsedMs / 1000).toFixed(1)}s (${rate}/s), ${result.failed.length} refused`,
  );
  for (const f of result.failed.slice(0, 5))
    console.error(`  ${f.status} ${f.request.path}: ${f.body}`);
  console.error('see the numbers: curl -s http://127.0.0.1:3002/v1/funnel');
  process.exitCode = result.failed.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
