import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@dealflow/kafka';
import {
  createTestDatabase,
  startService,
  testBrokers,
  uniqueTopic,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@dealflow/testkit';

/** The three services as real processes over one test database and one topic. */
export interface Stack {
  db: TestDatabase;
  topic: string;
  brokers: string[];
  env: Record<string, string>;
  command: ServiceProcess;
  projector: ServiceProcess;
  query: ServiceProcess;
  startCommand(extra?: Record<string, string>): Promise<ServiceProcess>;
  startProjector(extra?: Record<string, string>): Promise<ServiceProcess>;
  /** Waits until every partition's applied offset reached its head. */
  waitForProjection(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface ProjectionsBody {
  projections: {
    state: string;
    lagEvents: number;
    partitions: { headOffset: number; appliedOffset: number }[];
  }[];
}

/**
 * Starts command, projector and query on a fresh database and topic. `brokers` overrides the
 * run's Kafka (the outage test brings its own broker); `database` the run's Postgres (a test
 * that stops Postgres brings its own cluster; `stop()` calls its `drop()`).
 */
export async function startStack(
  opts: {
    brokers?: string[];
    partitions?: number;
    commandEnv?: Record<string, string>;
    projectorEnv?: Record<string, string>;
    queryEnv?: Record<string, string>;
    database?: TestDatabase;
  } = {},
): Promise<Stack> {
  const db = opts.database ?? (await createTestDatabase('e2e'));
  const topic = uniqueTopic('e2e');
  const brokers = opts.brokers ?? testBrokers();
  const partitions = opts.partitions ?? 4;
  const admin = createKafkaClient({ brokers, clientId: 'e2e-setup' }).admin();
  try {
    await admin.ensureTopic({ topic, partitions });
  } finally {
    await admin.close();
  }
  const env = {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_PARTITIONS: String(partitions),
    KAFKA_GROUP_ID: `e2e-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'info',
  };
  const stack: Stack = {
    db,
    topic,
    brokers,
    env,
    command: await startService('command', { ...env, ...opts.commandEnv }),
    projector: await startService('projector', { ...env, ...opts.projectorEnv }),
    query: await startService('query', { ...env, ...opts.queryEnv }),
    async startCommand(extra = {}) {
      stack.command = await startService('command', { ...env, ...extra });
      return stack.command;
    },
    async startProjector(extra = {}) {
      stack.projector = await startService('projector', { ...env, ...opts.projectorEnv, ...extra });
      return stack.projector;
    },
    async waitForProjection(timeoutMs = 60_000) {
      const outbox = () =>
        db.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
      await waitFor(async () => Number((await outbox()).n) === 0, {
        timeoutMs,
        message: 'outbox drained',
      });
      await waitFor(
        async () => {
          const res = await fetch(`${stack.projector.url}/v1/projections`);
          if (!res.ok) return false;
          const body = (await res.json()) as ProjectionsBody;
          const live = body.projections.find((p) => p.state === 'live');
          return (
            live !== undefined &&
            live.lagEvents === 0 &&
            live.partitions.every((p) => p.appliedOffset >= p.headOffset)
          );
        },
        { timeoutMs, message: 'projection caught up' },
      );
    },
    async stop() {
      await Promise.all([stack.command.kill(), stack.projector.kill(), stack.query.kill()]);
      const a = createKafkaClient({ brokers, clientId: 'e2e-teardown' }).admin();
      await a.deleteTopic(topic).catch(() => undefined);
      await a.deleteTopic(`${topic}.dlq`).catch(() => undefined);
      await a.close();
      await db.drop();
    },
  };
  return stack;
}

/** GET a JSON document of a service; throws on non-2xx with the body. */
export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}
