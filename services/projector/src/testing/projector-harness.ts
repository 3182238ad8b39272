import type { Database } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  createKafkaClient,
  publishEvents,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaProducer,
  type KafkaRecord,
} from '@dealflow/kafka';
import { ensureLiveVersion, readModelSchemaName } from '@dealflow/read-models';
import { createLogger } from '@dealflow/runtime';
import {
  createTestDatabase,
  testBrokers,
  uniqueTopic,
  waitFor,
  type TestDatabase,
} from '@dealflow/testkit';
import { sql, type Kysely } from 'kysely';
import { readProjectionStatus, type ProjectionStatus } from '../projection-status.js';
import { Projector, type ProjectorOptions } from '../projector.js';
import { funnelKey, type FunnelCounts, type RecountedLead } from './recount-funnel.js';

/** A test's own database, topic and Kafka clients, and the projectors it started. */
export interface ProjectorHarness {
  db: Kysely<Database>;
  topic: string;
  kafka: KafkaClient;
  admin: KafkaAdmin;
  version: number;
  pipelines: ReturnType<typeof loadPipelines>;
  /** Produces events as the relay would (key = leadId, CloudEvents headers). */
  publish(events: readonly LeadEvent[]): Promise<void>;
  /** Produces raw records (malformed ones included). */
  send(records: readonly KafkaRecord[]): Promise<void>;
  /** A projector on the harness's topic and group (stopped by `close`). */
  projector(options?: Partial<ProjectorOptions>): Projector;
  /** Waits until every partition's applied offset reaches its head; returns the status. */
  caughtUp(projector: Projector, timeoutMs?: number): Promise<ProjectionStatus>;
  funnelRows(): Promise<Record<string, FunnelCounts>>;
  leadRows(): Promise<Record<string, RecountedLead>>;
  close(): Promise<void>;
}

const logger = createLogger({ name: 'projector-test', level: process.env.LOG_LEVEL ?? 'silent' });

/** Sets up a fresh database (live version 1) and a topic of `partitions` partitions. */
export async function startHarness(partitions = 4): Promise<ProjectorHarness> {
  const tdb: TestDatabase = await createTestDatabase('projector');
  const topic = uniqueTopic('projector');
  const kafka = createKafkaClient({ brokers: testBrokers(), clientId: 'projector-test', logger });
  const admin = kafka.admin();
  await admin.ensureTopic({ topic, partitions, replicationFactor: 1 });
  const producer: KafkaProducer = await kafka.producer();
  const version = await ensureLiveVersion(tdb.db);
  const pipelines = loadPipelines();
  const projectors: Projector[] = [];
  const schema = readModelSchemaName(version);

  return {
    db: tdb.db,
    topic,
    kafka,
    admin,
    version,
    pipelines,
    async publish(events) {
      for (let i = 0; i < events.length; i += 500) {
        await publishEvents(producer, topic, events.slice(i, i + 500), 'dealflow/test');
      }
    },
    async send(records) {
      await producer.send(topic, records);
    },
    projector(options = {}) {
      const projector = new Projector({
        db: tdb.db,
        kafka,
        topic,
        groupId: `group.${topic}`,
        version,
        pipelines,
        logger,
        livenessIntervalMs: 200,
        ...options,
      });
      projectors.push(projector);
      return projector;
    },
    caughtUp(projector, timeoutMs = 60_000) {
      return waitFor(
        async () => {
          const status = await readProjectionStatus({ db: tdb.db, admin, topic, projector });
          const live = status.find((s) => s.version === version);
          return live !== undefined && live.lagEvents === 0 && live;
        },
        { timeoutMs, intervalMs: 100, message: `projector caught up on ${topic}` },
      );
    },
    async funnelRows() {
      const { rows } = await sql<{
        pipeline_id: string;
        cohort_day: string;
        stage: string;
        owner_id: string;
        source: string;
        reached: number;
        touched: number;
        current: number;
        lost: number;
      }>`
        SELECT pipeline_id, cohort_day::text AS cohort_day, stage, owner_id, source,
          reached, touched, current, lost
        FROM ${sql.id(schema, 'funnel_daily')}
        WHERE reached <> 0 OR touched <> 0 OR current <> 0 OR lost <> 0
      `.execute(tdb.db);
      return Object.fromEntries(
        rows.map(({ reached, touched, current, lost, ...key }) => [
          funnelKey(key),
          { reached, touched, current, lost },
        ]),
      );
    },
    async leadRows() {
      const { rows } = await sql<RecountedLead>`
        SELECT lead_id, pipeline_id, owner_id, source, cohort_day::text AS cohort_day, stage,
          status, currency, amount, version
        FROM ${sql.id(schema, 'leads')}
      `.execute(tdb.db);
      return Object.fromEntries(rows.map((row) => [row.lead_id, row]));
    },
    async close() {
      await Promise.all(projectors.map((p) => p.stop()));
      await producer.close();
      await admin.deleteTopic(topic);
      await admin.close();
      await tdb.drop();
    },
  };
}
