import { OutboxRelay, buildCommandApp } from '@dealflow/command';
import { loadPipelines } from '@dealflow/domain';
import { createKafkaClient } from '@dealflow/kafka';
import { Projector } from '@dealflow/projector';
import { ensureLiveVersion } from '@dealflow/read-models';
import { createLogger, loadHttpSecurity, startTracing, type StopTracing } from '@dealflow/runtime';
import {
  createTestDatabase,
  testBrokers,
  uniqueTopic,
  waitFor,
  type TestDatabase,
} from '@dealflow/testkit';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * One process holds the command API, its relay and a projector, all tracing into one in-memory
 * exporter: the spans a single request causes must form one trace across the three.
 */
const exporter = new InMemorySpanExporter();
const logger = createLogger({ name: 'tracing-test', level: 'silent' });
let stopTracing: StopTracing;
let tdb: TestDatabase;
let pool: pg.Pool;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  stopTracing = startTracing({ serviceName: 'dealflow-test', exporter });
  tdb = await createTestDatabase('tracing');
  const topic = uniqueTopic('tracing');
  const kafka = createKafkaClient({ brokers: testBrokers(), clientId: 'tracing-test', logger });
  const admin = kafka.admin();
  await admin.ensureTopic({ topic, partitions: 2, replicationFactor: 1 });
  await admin.close();
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  const relay = new OutboxRelay({ pool, kafka, topic, logger, pollMs: 50 });
  const pipelines = loadPipelines();
  const version = await ensureLiveVersion(tdb.db);
  const projector = new Projector({
    db: tdb.db,
    kafka,
    topic,
    groupId: `group.${topic}`,
    version,
    pipelines,
    logger,
  });
  const app = await buildCommandApp({
    db: tdb.db,
    pipelines,
    logger,
    security: loadHttpSecurity({ DEALFLOW_AUTH: 'off' }),
    onAppended: () => relay.wake(),
  });
  await app.ready();
  relay.start();
  await projector.start();
  stops.push(
    () => app.close(),
    () => relay.stop(),
    () => projector.stop(),
  );
  globalThis.commandApp = app;
}, 120_000);

afterAll(async () => {
  for (const stop of stops) await stop();
  await pool?.end();
  await tdb?.drop();
  await stopTracing?.();
});

declare global {
  var commandApp: Awaited<ReturnType<typeof buildCommandApp>>;
}

const byName = (spans: ReadableSpan[], prefix: string) =>
  spans.filter((s) => s.name.startsWith(prefix));

describe('one trace from the HTTP command through the relay to the projector', () => {
  it('links the request, the publish and the apply of its event as parent and children', async () => {
    // The caller's own trace context: the whole chain must continue it.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await globalThis.commandApp.inject({
      method: 'POST',
      url: '/v1/leads',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      payload: { name: 'Traced Ltd', amount: { value: 99_000, currency: 'EUR' } },
    });
    expect(res.statusCode).toBe(201);
    const spans = await waitFor(
      () => {
        const all = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
        return byName(all, 'apply ').length > 0 && all;
      },
      { timeoutMs: 30_000, message: 'the apply span of the traced command' },
    );
    const [request] = byName(spans, 'POST /v1/leads');
    const [publish] = byName(spans, 'publish ');
    const [apply] = byName(spans, 'apply LeadCreated');
    expect(request?.instrumentationScope.name).toBe('dealflow-http');
    expect(publish?.instrumentationScope.name).toBe('dealflow-relay');
    expect(apply?.instrumentationScope.name).toBe('dealflow-projector');
    expect(request?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(publish?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(apply?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    expect(apply?.attributes['dealflow.lead_id']).toBe(res.json<{ leadId: string }>().leadId);
  });
});
