import { createKafkaClient, type KafkaClient } from '@dealflow/kafka';
import { freePort, testBrokers, uniqueTopic, waitFor } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay, type OutboxRelayOptions } from './relay.js';
import {
  commandFixture,
  newLeadId,
  testLogger,
  type CommandFixture,
} from './testing/command-fixture.js';
import { collectTopic, type CollectedRecord } from './testing/topic-collector.js';

let fx: CommandFixture;
let kafka: KafkaClient;
const topic = uniqueTopic('command-relay');

beforeAll(async () => {
  fx = await commandFixture();
  kafka = createKafkaClient({
    brokers: testBrokers(),
    clientId: 'command-relay-test',
    logger: testLogger,
  });
  const admin = kafka.admin();
  await admin.ensureTopic({ topic, partitions: 6, replicationFactor: 1 });
  await admin.close();
});
afterAll(() => fx.close());

const relayOn = (overrides: Partial<OutboxRelayOptions> = {}) =>
  new OutboxRelay({
    pool: fx.tdb.pool,
    kafka,
    topic,
    logger: testLogger,
    pollMs: 50,
    lockRetryMs: 200,
    ...overrides,
  });

/** The events table as `leadId@version` → event id. */
async function storedEvents(): Promise<Map<string, string>> {
  const rows = await fx.tdb.db
    .selectFrom('events')
    .select(['lead_id', 'version', 'event_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.lead_id}@${r.version}`, r.event_id]));
}

/** Writes one lead's life: create, advance, then win or lose. */
async function leadLife(i: number): Promise<void> {
  const leadId = await fx.createLead(newLeadId(`w${i}`));
  const advanced = await fx.post(`/v1/leads/${leadId}/advance`, {
    toStage: i % 3 === 0 ? 'negotiation' : 'demo',
  });
  expect(advanced.statusCode).toBe(200);
  const close =
    i % 2 === 0
      ? await fx.post(`/v1/leads/${leadId}/win`, {})
      : await fx.post(`/v1/leads/${leadId}/lose`, { reason: 'competitor' });
  expect(close.statusCode).toBe(200);
}

/** Checks the Kafka contract: one partition per lead, versions first seen in order, none missing. */
function expectPerLeadOrder(records: readonly CollectedRecord[], expected: Map<string, string>) {
  const byLead = new Map<string, CollectedRecord[]>();
  for (const r of [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    expect(r.key).toBe(r.leadId);
    expect(expected.get(`${r.leadId}@${r.version}`)).toBe(r.id);
    byLead.set(r.leadId, [...(byLead.get(r.leadId) ?? []), r]);
  }
  for (const [leadId, list] of byLead) {
    expect(new Set(list.map((r) => r.partition)).size, leadId).toBe(1);
    const firstSeen: number[] = [];
    for (const r of list) if (!firstSeen.includes(r.version)) firstSeen.push(r.version);
    expect(firstSeen, leadId).toEqual(firstSeen.map((_, i) => i + 1));
    // A duplicate is a re-send of an earlier version, never a later version arriving early.
    let highest = 0;
    for (const r of list) {
      expect(r.version, leadId).toBeLessThanOrEqual(highest + 1);
      highest = Math.max(highest, r.version);
    }
  }
}

const outboxSize = async () => (await fx.counts()).outbox;

describe('OutboxRelay', () => {
  it('publishes what 8 concurrent writers append: every event, once or more, in per-lead order', async () => {
    const collector = await collectTopic(topic);
    const relay = relayOn({ batchSize: 40 });
    relay.start();
    try {
      const leadsPerWriter = 40;
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < leadsPerWriter; i++) await leadLife(w * leadsPerWriter + i);
        }),
      );
      const expected = await storedEvents();
      expect(expected.size).toBeGreaterThanOrEqual(8 * leadsPerWriter * 3);
      await waitFor(() => collector.distinct().size >= expected.size, {
        timeoutMs: 60_000,
        message: `all ${expected.size} events on Kafka`,
      });
      await waitFor(async () => (await outboxSize()) === 0, { message: 'outbox drained' });
      expect([...collector.distinct()].sort()).toEqual([...expected.keys()].sort());
      expectPerLeadOrder(collector.records, expected);
      expect(relay.stats()).toMatchObject({ state: 'active', lastError: null });
      expect(relay.stats().publishedTotal).toBeGreaterThanOrEqual(expected.size);
      expect(relay.stats().batches).toBeGreaterThan(1);
      const sample = collector.records[0];
      expect(sample?.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_id: sample?.id,
        ce_subject: sample?.leadId,
        ce_source: 'dealflow/command',
        ce_type: sample?.type,
        ce_dataschema: `https://dealflow.dev/schemas/events/${sample?.type}.v1.schema.json`,
        'content-type': 'application/json',
      });
    } finally {
      await relay.stop();
      await collector.close();
    }
  });

  it('keeps the outbox while Kafka is unreachable; a relay that reaches Kafka drains it', async () => {
    const deadKafka = createKafkaClient({
      brokers: [`127.0.0.1:${await freePort()}`],
      clientId: 'dead',
      logger: testLogger,
    });
    const dead = relayOn({ kafka: deadKafka, stopTimeoutMs: 1_000 });
    dead.start();
    const collector = await collectTopic(topic);
    const leadIds: string[] = [];
    try {
      const before = await outboxSize();
      for (let i = 0; i < 5; i++) leadIds.push(await fx.createLead(newLeadId('dead')));
      await waitFor(() => dead.stats().state === 'active' && dead.stats().lastError !== null, {
        timeoutMs: 45_000,
        message: 'the relay tried Kafka and failed',
      });
      expect(await outboxSize()).toBe(before + 5);
      expect(dead.stats().publishedTotal).toBe(0);
      const health = await fx.get('/health');
      expect(health.json<{ outboxBacklog: number }>().outboxBacklog).toBe(before + 5);
    } finally {
      await dead.stop();
    }
    const live = relayOn();
    live.start();
    try {
      await waitFor(async () => (await outboxSize()) === 0, {
        timeoutMs: 30_000,
        message: 'backlog drained',
      });
      await waitFor(() => leadIds.every((id) => collector.distinct().has(`${id}@1`)), {
        timeoutMs: 30_000,
        message: 'the backlog on Kafka',
      });
    } finally {
      await live.stop();
      await collector.close();
    }
  });

  it('lets only one relay hold the lock; the standby takes over when it stops', async () => {
    const first = relayOn();
    const second = relayOn();
    first.start();
    second.start();
    try {
      const states = () => [first.stats().state, second.stats().state].sort();
      await waitFor(() => states().join() === 'active,standby', {
        message: 'one active, one standby',
      });
      const locks = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_locks
         WHERE locktype = 'advisory' AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(
        fx.tdb.db,
      );
      expect(locks.rows[0]?.n).toBe(1);

      const [active, standby] =
        first.stats().state === 'active' ? [first, second] : [second, first];
      await active.stop();
      await waitFor(() => standby.stats().state === 'active', {
        message: 'the standby takes over',
      });
      const leadId = await fx.createLead();
      await waitFor(async () => (await outboxSize()) === 0, {
        message: `${leadId} published by the new relay`,
      });
      expect(standby.stats().publishedTotal).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('polls without NOTIFY; wake() ends an idle wait at once', async () => {
    // A wait far longer than the test: only the in-process hint can publish in time.
    const relay = relayOn({ pollMs: 600_000, minPollMs: 600_000 });
    relay.start();
    try {
      await waitFor(() => relay.stats().state === 'active', { message: 'relay active' });
      await waitFor(async () => (await outboxSize()) === 0, { message: 'backlog drained' });
      const published = relay.stats().publishedTotal;
      await fx.createLead();
      expect(await outboxSize()).toBe(1);
      relay.wake();
      await waitFor(async () => (await outboxSize()) === 0, {
        timeoutMs: 10_000,
        message: 'the woken relay published the new lead',
      });
      expect(relay.stats().publishedTotal).toBe(published + 1);
    } finally {
      await relay.stop();
    }
  });
});
