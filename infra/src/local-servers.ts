import pg from 'pg';
import { startKafka, stopKafka } from './kafka.js';
import { startPostgres, stopPostgres } from './postgres.js';

/** Where the servers are, and which of them this call had to start. */
export interface LocalServers {
  databaseUrl: string;
  kafkaBrokers: string;
  started: ('kafka' | 'postgres')[];
  /** Stops the servers this call started (with the same ports and folders), and only those. */
  stop(): Promise<void>;
}

const positiveInt = (value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65_535) throw new Error(`not a port: ${value}`);
  return n;
};

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Real Kafka and Postgres for `npm start` and `npm test`: `DATABASE_URL` / `KAFKA_BROKERS` when
 * set, otherwise a local broker from the Maven Central jars and a private cluster from the
 * system's PostgreSQL binaries (both idempotent: an already running one is reused). The local
 * cluster gets a `dealflow` database.
 */
export async function ensureLocalServers(
  env: Record<string, string | undefined> = process.env,
  log: (msg: string) => void = () => undefined,
): Promise<LocalServers> {
  const started: LocalServers['started'] = [];
  const pgOptions = { port: positiveInt(env.PG_PORT, 5433), log };
  const kafkaOptions = { port: positiveInt(env.KAFKA_PORT, 9092), log };
  const [databaseUrl, kafkaBrokers] = await Promise.all([
    (async () => {
      if (env.DATABASE_URL) return env.DATABASE_URL;
      const pgServer = await startPostgres(pgOptions);
      if (pgServer.started) started.push('postgres');
      return ensureDatabase(pgServer.url, 'dealflow');
    })(),
    (async () => {
      if (env.KAFKA_BROKERS) return env.KAFKA_BROKERS;
      const kafka = await startKafka(kafkaOptions);
      if (kafka.started) started.push('kafka');
      return kafka.brokers;
    })(),
  ]);
  return {
    databaseUrl,
    kafkaBrokers,
    started,
    async stop() {
      await Promise.all([
        started.includes('kafka') ? stopKafka(kafkaOptions) : undefined,
        started.includes('postgres') ? stopPostgres(pgOptions) : undefined,
      ]);
    },
  };
}
