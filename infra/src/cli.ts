import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { kafkaStatus, stopKafka } from './kafka.js';
import { ensureLocalServers } from './local-servers.js';
import { postgresStatus, stopPostgres } from './postgres.js';

const USAGE = `usage: npm run infra -- <command>
  up [--write-env F]        start local Kafka and Postgres unless KAFKA_BROKERS / DATABASE_URL are set
  down [--only kafka,postgres]  stop the local servers
  status                   show whether the local servers run`;

const log = (msg: string) => console.error(`[infra] ${msg}`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'write-env': { type: 'string' }, only: { type: 'string' } },
  });
  const kafkaPort = Number(process.env.KAFKA_PORT ?? 9092);
  const pgPort = Number(process.env.PG_PORT ?? 5433);
  switch (positionals[0]) {
    case 'up': {
      const t0 = Date.now();
      const servers = await ensureLocalServers(process.env, log);
      const lines = [
        `DATABASE_URL=${servers.databaseUrl}`,
        `KAFKA_BROKERS=${servers.kafkaBrokers}`,
        `DEALFLOW_STARTED=${servers.started.join(',')}`,
      ];
      if (values['write-env']) {
        mkdirSync(dirname(values['write-env']), { recursive: true });
        writeFileSync(values['write-env'], `${lines.join('\n')}\n`);
      }
      log(`ready in ${Date.now() - t0} ms (started: ${servers.started.join(', ') || 'none'})`);
      console.log(lines.slice(0, 2).join('\n'));
      return 0;
    }
    case 'down': {
      const only = new Set((values.only ?? 'kafka,postgres').split(',').filter(Boolean));
      if (only.has('kafka'))
        log(`kafka ${(await stopKafka({ port: kafkaPort, log })) ? 'stopped' : 'was not running'}`);
      if (only.has('postgres'))
        log(
          `postgres ${(await stopPostgres({ port: pgPort, log })) ? 'stopped' : 'was not running'}`,
        );
      return 0;
    }
    case 'status': {
      const [k, p] = await Promise.all([
        kafkaStatus({ port: kafkaPort }),
        postgresStatus({ port: pgPort }),
      ]);
      console.log(JSON.stringify({ kafka: k, postgres: p }, null, 2));
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
