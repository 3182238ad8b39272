import { randomUUID } from 'node:crypto';
import { encodeEvent, type LeadEvent } from '@dealflow/events';
import { createKafkaClient, type ConsumedMessage, type KafkaClient } from '@dealflow/kafka';
import { leadEvent, waitFor } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from './ops-process.js';
import { driveAccepted, recentHistory } from './histories.js';
import { expectedFunnels, funnelScopes, funnels } from './rebuild-checks.js';
import { getJson, startStack, type Stack } from './stack.js';

interface Parked {
  id: number;
  leadId: string | null;
  errorCode: string;
  status: string;
  partition: number;
  offset: number;
}

let stack: Stack;
let kafka: KafkaClient;
beforeAll(async () => {
  stack = await startStack({ partitions: 3 });
  kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'e2e-foreign-producer' });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** Events as a foreign producer writes them, an hour ago. */
const foreignEvent = (leadId: string, version: number, type: LeadEvent['type'], data: object) =>
  leadEvent(leadId, version, type, data, new Date(Date.now() - 3_600_000));

const parkedCount = async () =>
  (
    await getJson<{ projections: { state: string; parked: number }[] }>(
      `${stack.projector.url}/v1/projections`,
    )
  ).projections.find((p) => p.state === 'live')?.parked;

const parkedList = async (): Promise<Parked[]> => {
  const run = await runOps(['parked', '--json'], stack.env);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { items: Parked[] }).items;
};

describe('poison on the shared topic, live mode (real processes)', () => {
  it('parks it, publishes it to .dlq, keeps every other lead flowing; ops retry and discard', async () => {
    const events = recentHistory(91, 200, { daysAgo: 20, spanDays: 15 });
    await driveAccepted(stack, events);

    // A foreign producer on the shared topic: garbage, an unknown type, and a lead whose
    // version 3 arrives before its version 2.
    const gap = [
      foreignEvent('gap-lead', 1, 'LeadCreated', {
        name: 'Gap',
        amount: { value: 900, currency: 'EUR' },
        stage: 'qualify',
      }),
      foreignEvent('gap-lead', 2, 'StageAdvanced', { fromStage: 'qualify', toStage: 'demo' }),
      foreignEvent('gap-lead', 3, 'StageAdvanced', { fromStage: 'demo', toStage: 'proposal' }),
    ] as const;
    const encode = (e: LeadEvent) => encodeEvent(e, { source: 'crm/sync' });
    const producer = await kafka.producer();
    await producer.send(stack.topic, [
      { key: 'foreign-1', value: '{"type": "LeadCreated", not json', headers: {} },
      {
        key: 'foreign-2',
        value: JSON.stringify({ ...gap[0], leadId: 'foreign-2', type: 'LeadMerged' }),
        headers: { ce_type: 'LeadMerged' },
      },
      encode(gap[0]),
      encode(gap[2]),
    ]);
    await stack.waitForProjection(120_000);

    // Everything else flowed; the three poison records are parked.
    const flowing = [...events, gap[0]];
    const scopes = funnelScopes(flowing);
    expect(await funnels(stack, scopes)).toEqual(expectedFunnels(flowing, scopes));
    expect(await parkedCount()).toBe(3);
    const parked = await parkedList();
    const byLead = (id: string) => parked.find((p) => p.leadId === id);
    expect(byLead('foreign-1')?.errorCode).toBe('invalid_json');
    expect(byLead('foreign-2')?.errorCode).toBe('unknown_type');
    expect(byLead('gap-lead')?.errorCode).toBe('gap');
    const metrics = await (await fetch(`${stack.projector.url}/metrics`)).text();
    expect(metrics).toMatch(/dealflow_projection_parked_events\{[^}]*state="live"[^}]*\} 3/);

    // The projector process published each to <topic>.dlq with the original bytes and why.
    const seen: ConsumedMessage[] = [];
    const consumer = kafka.consumer({
      groupId: `e2e-dlq-${randomUUID()}`,
      topics: [`${stack.topic}.dlq`],
      fromBeginning: true,
    });
    await consumer.run((batch) => {
      seen.push(...batch.messages);
      return Promise.resolve();
    });
    try {
      await waitFor(() => seen.length >= 3, { timeoutMs: 60_000, message: 'three dead letters' });
    } finally {
      await consumer.close();
    }
    await waitFor(
      async () =>
        /dealflow_projector_dead_letters_published_total\{[^}]*\} 3\b/.test(
          await (await fetch(`${stack.projector.url}/metrics`)).text(),
        ),
      { message: 'the publication counted in /metrics' },
    );
    const garbage = seen.find((m) => m.key?.toString() === 'foreign-1');
    expect(garbage?.value?.toString()).toBe('{"type": "LeadCreated", not json');
    expect(garbage?.headers).toMatchObject({
      'dealflow-error-code': 'invalid_json',
      'dealflow-origin-topic': stack.topic,
      'dealflow-origin-offset': String(byLead('foreign-1')?.offset),
    });

    // The missing version 2 arrives late and waits; ops retry the lead: 2 then 3 apply.
    await producer.send(stack.topic, [encode(gap[1])]);
    await producer.close();
    await stack.waitForProjection(120_000);
    expect(await parkedCount()).toBe(4);
    const retry = await runOps(['retry', String(byLead('gap-lead')?.id)], stack.env);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toMatch(/lead gap-lead: retried #\d+ #\d+/);
    const all = [...events, ...gap];
    await waitFor(
      async () =>
        JSON.stringify(await funnels(stack, funnelScopes(all))) ===
        JSON.stringify(expectedFunnels(all, funnelScopes(all))),
      { message: 'the retried lead counted once' },
    );

    // Garbage is discarded; the unknown type stays parked until a projector knows it.
    const discard = await runOps(
      ['discard', String(byLead('foreign-1')?.id), '--note', 'CRM sync bug'],
      stack.env,
    );
    expect(discard.code, discard.stderr).toBe(0);
    const again = await runOps(['retry', String(byLead('foreign-2')?.id)], stack.env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/still parked:[\s\S]*unknown_type/);
    expect(await parkedCount()).toBe(1);
    const left = await getJson<{ items: Parked[] }>(`${stack.projector.url}/v1/ops/parked`);
    expect(left.items.map((p) => [p.leadId, p.errorCode])).toEqual([['foreign-2', 'unknown_type']]);
    const all3 = await getJson<{ items: Parked[] }>(
      `${stack.projector.url}/v1/ops/parked?status=all`,
    );
    expect(all3.items.map((p) => p.status).sort()).toEqual([
      'discarded',
      'parked',
      'retried',
      'retried',
    ]);
  }, 240_000);
});
