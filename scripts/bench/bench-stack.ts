import { randomBytes } from 'node:crypto';
import { ensureLocalServers } from '@dealflow/infra';
import { createKafkaClient } from '@dealflow/kafka';
import { startService, type ServiceProcess } from '@dealflow/testkit';
import pg from 'pg';
import { setup } from '../setup.js';

/** A fresh database and topic with the three services running on them, for one benchmark. */
export interface BenchStack {
  databaseUrl: string;
  brokers: string[];
  topic: string;
  /** The services' environment (to start another instance beside them). */
  env: Record<string, string>;
  command: ServiceProcess;
  projector: ServiceProcess;
  query: ServiceProcess;
  stop(): Promise<void>;
}

/** A benchmark's database kept after it stops (`reused`: it existed already, with its data). */
export interface KeptDatabase {
  name: string;
}

/**
 * Starts real servers (or uses the configured ones), a fresh database and topic, and the
 * services. With `keep`, the database is the named one (created when missing, migrated when
 * it exists) and survives `stop()`, so a later run can measure the same data again;
 * `reused` says whether it existed.
 */
export async function startBenchStack(
  partitions = 6,
  keep?: KeptDatabase,
  /** A directory for CPU profiles: each service writes one (`.cpuprofile`) into DIR/<service> on exit. */
  profileDir?: string,
): Promise<BenchStack & { reused: boolean }> {
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  if (keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keep.name)) {
    throw new Error(`database name: lower-case letters, digits and _, got ${keep.name}`);
  }
  const name = keep?.name ?? `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: servers.databaseUrl });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  const reused = rowCount === 1;
  if (!reused) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(servers.databaseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const topic = `bench.${name}.lead-events`;
  const env = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: servers.kafkaBrokers,
    KAFKA_TOPIC: topic,
    KAFKA_PARTITIONS: String(partitions),
    KAFKA_GROUP_ID: `${name}-projector`,
    LOG_LEVEL: 'warn',
  };
  await setup(env);
  const profiled = (service: string): Record<string, string> =>
    profileDir === undefined
      ? {}
      : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}/${service}` };
  const [command, projector, query] = await Promise.all([
    startService('command', { ...env, ...profiled('command') }),
    startService('projector', { ...env, ...profiled('projector') }),
    // Every request computes its answer, so latencies measure the read models themselves.
    startService('query', { ...env, ANSWER_CACHE_MB: '0', ...profiled('query') }),
  ]);
  const brokers = servers.kafkaBrokers.split(',');
  // Ctrl-C (or a kill) of the benchmark takes its services and scratch database with it.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the benchmark's services`);
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let stopping: Promise<void> | undefined;
  const stack: BenchStack & { reused: boolean } = {
    reused,
    databaseUrl,
    brokers,
    topic,
    env,
    command,
    projector,
    query,
    stop: () => (stopping ??= stopAll()),
  };
  return stack;

  async function stopAll(): Promise<void> {
    await Promise.all([command.kill(), projector.kill(), query.kill()]);
    // A kept database keeps its topic: the projector refuses read models whose checkpoints lie
    // beyond the end of their topic (it was recreated beneath them), so the next run needs it.
    if (keep !== undefined) return;
    const kafkaAdmin = createKafkaClient({ brokers, clientId: 'bench' }).admin();
    await kafkaAdmin.deleteTopic(topic).catch(() => undefined);
    await kafkaAdmin.close();
    const c = new pg.Client({ connectionString: servers.databaseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}
