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
import { allLeads, ensureLiveVersion, nonZeroFunnelRows } from '@dealflow/read-models';
import { createLogger } from '@dealflow/runtime';
import {
  createTestDatabase,
  testBrokers,
  uniqueTopic,
  waitFor,
  type TestDatabase,
} from '@dealflow/testkit';
import type { Kysely } from 'kysely';
import { readProjectionStatus, type ProjectionStatus } from '../ops/projection-status.js';
import { Projector } from '../live/projector.js';
import type { ProjectorOptions } from '../live/projector-types.js';
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
      const rows = await nonZeroFunnelRows(tdb.db, version);
      return Object.fromEntries(
        rows.map(({ reached, touched, current, lost, ...key }) => [
          funnelKey(key),
          { reached, touched, current, lost },
        ]),
      );
    },
    async leadRows() {
      const rows = await allLeads(tdb.db, version);
      return Object.fromEntries(
        rows.map((row): [string, RecountedLead] => [
          row.lead_id,
          {
            lead_id: row.lead_id,
            pipeline_id: row.pipeline_id,
            owner_id: row.owner_id,
            source: row.source,
            cohort_day: row.cohort_day,
            stage: row.stage,
            status: row.status,
            currency: row.currency,
            amount: row.amount,
            version: row.version,
          },
        ]),
      );
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
