import { parseArgs } from 'node:util';
import { createDb } from '@dealflow/db';
import { createKafkaClient } from '@dealflow/kafka';
import { dropVersion, liveVersion, rollbackVersion } from '@dealflow/read-models';
import { pino } from 'pino';
import { loadProjectorConfig, projectorPipelines } from './config.js';
import { discardParked, listParked, type ParkedStatus } from '../parked/parked-events.js';
import { retryParked } from '../parked/retry-parked.js';
import { readProjectionStatus } from './projection-status.js';
import { rebuildDatabaseUrl } from '../rebuild/rebuild-database-url.js';
import { startRebuild } from '../rebuild/start-rebuild.js';
import { progressBar } from './progress-bar.js';
import { parkedTable } from './parked-table.js';
import { statusTable } from './status-table.js';

const USAGE = `usage: npm run ops -- <command>
  status [--json]                                  versions, state, lag, applied/head, parked
  rebuild [--from kafka|events-table] [--resume] [--chunk-records N] [--workers N]
                                                   build a new version, switch it live, exit 0
                                                   (--workers: consumer threads, default 1)
  rollback                                         make the previous (retired) version live
  drop <version>                                   drop a version that is not live
  parked [--status parked|retried|discarded|all] [--lead ID] [--json]
                                                   dead letters of the live version
  retry <id>                                       retry the parked events of that event's lead
  discard <id> [--note TEXT]                       discard a parked event for good`;

/**
 * `npm run ops -- …`: the operator's commands against the configured database and topic (the
 * projector's environment: DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC, …). Logs go to stderr as
 * JSON at `warn` unless LOG_LEVEL says otherwise, so the progress bar stays readable.
 */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string', default: 'kafka' },
      resume: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'chunk-records': { type: 'string', default: '10000' },
      workers: { type: 'string', default: '1' },
      status: { type: 'string', default: 'parked' },
      lead: { type: 'string' },
      note: { type: 'string' },
    },
  });
  const [command, ...args] = positionals;
  if (command === undefined || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  // The CLI serves no HTTP: the security settings of the service do not apply to it.
  const config = loadProjectorConfig({ LOG_LEVEL: 'warn', ...process.env, DEALFLOW_AUTH: 'off' });
  const logger = pino({ name: 'ops', level: config.logLevel }, pino.destination(2));
  const handle = createDb({
    url: command === 'rebuild' ? rebuildDatabaseUrl(config.databaseUrl) : config.databaseUrl,
    max: 16,
    applicationName: 'dealflow-ops',
    logger,
  });
  const kafka = createKafkaClient({
    ...config.kafka,
    clientId: 'dealflow-ops',
    logger,
  });
  const admin = kafka.admin();
  const { db } = handle;
  try {
    switch (command) {
      case 'status': {
        const projections = await readProjectionStatus({ db, admin, topic: config.kafkaTopic });
        console.log(
          values.json ? JSON.stringify({ projections }, null, 2) : statusTable(projections),
        );
        return 0;
      }
      case 'rebuild': {
        const from = values.from;
        if (from !== 'kafka' && from !== 'events-table') {
          console.error(`--from must be kafka or events-table, not ${from}`);
          return 2;
        }
        const workers = Number(values.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
          console.error(`--workers must be an integer from 1 to 64, not ${values.workers}`);
          return 2;
        }
        const pipelines = projectorPipelines(config);
        const running = await startRebuild({
          db,
          kafka,
          admin,
          topic: config.kafkaTopic,
          groupId: config.kafkaGroupId,
          pipelines,
          logger,
          from,
          resumeOnly: values.resume,
          chunkRecords: Number(values['chunk-records']),
          workers: {
            count: workers,
            databaseUrl: config.databaseUrl,
            kafka: config.kafka,
            logFd: 2,
          },
          onProgress: progressBar(),
        });
        console.error(
          `${running.resumed ? 'resuming' : 'building'} v${running.version} from ${running.source}`,
        );
        const result = await running.done;
        const previous = result.previous === undefined ? '' : ` (v${result.previous} retired)`;
        console.log(`v${result.version} is live${previous} after ${result.seconds.toFixed(1)}s`);
        return 0;
      }
      case 'rollback': {
        const { from, to } = await rollbackVersion(db);
        console.log(`v${to} is live again${from === undefined ? '' : `; v${from} retired`}`);
        return 0;
      }
      case 'drop': {
        const version = Number(args[0]);
        if (!Number.isInteger(version) || version < 1) {
          console.error('drop needs a version number, e.g. `npm run ops -- drop 2`');
          return 2;
        }
        await dropVersion(db, version);
        console.log(`v${version} dropped`);
        return 0;
      }
      case 'parked': {
        const status = values.status as ParkedStatus | 'all';
        if (!['parked', 'retried', 'discarded', 'all'].includes(status)) {
          console.error('--status must be parked, retried, discarded or all');
          return 2;
        }
        const version = await requireLive(db);
        const items = [];
        for (let afterId: number | null | undefined; afterId !== null;) {
          const page = await listParked(db, version, {
            status,
            leadId: values.lead,
            afterId: afterId ?? undefined,
            limit: 1_000,
          });
          items.push(...page.items);
          afterId = page.nextAfterId;
        }
        console.log(values.json ? JSON.stringify({ version, items }, null, 2) : parkedTable(items));
        return 0;
      }
      case 'retry':
      case 'discard': {
        const id = Number(args[0]);
        if (!Number.isSafeInteger(id) || id < 1) {
          console.error(`${command} needs a parked event id, e.g. \`npm run ops -- ${command} 7\``);
          return 2;
        }
        const version = await requireLive(db);
        if (command === 'discard') {
          const discarded = await discardParked(db, version, id, values.note ?? null);
          console.log(`#${discarded.id} discarded (lead ${discarded.leadId ?? 'unknown'})`);
          return 0;
        }
        const pipelines = projectorPipelines(config);
        const result = await retryParked({ db, version, pipelines, id });
        const ids = (list: { id: number }[]) => list.map((p) => `#${p.id}`).join(' ') || 'none';
        console.log(`lead ${result.leadId ?? 'unknown'}: retried ${ids(result.retried)}`);
        if (result.stillParked.length > 0) {
          console.log(`still parked:\n${parkedTable(result.stillParked)}`);
          return 1;
        }
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n${USAGE}`);
        return 2;
    }
  } finally {
    await admin.close();
    await handle.close();
  }
}

async function requireLive(db: Parameters<typeof liveVersion>[0]): Promise<number> {
  const version = await liveVersion(db);
  if (version === undefined) throw new Error('no live read-model version');
  return version;
}

// Ctrl-C leaves a rebuild `building`: run it again to continue from its checkpoints.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopped; run the same command again to resume`);
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`\nfailed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
