import { encodeEvent } from '@dealflow/events';
import { createKafkaClient } from '@dealflow/kafka';
import { listVersions } from '@dealflow/read-models';
import type { LeadEvent } from '@dealflow/events';
import { leadCreated, leadEvent, waitFor } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from './ops-process.js';
import { driveAccepted, recentHistory } from './histories.js';
import { expectedFunnels, funnelScopes, funnels, waitForFunnels } from './rebuild-checks.js';
import { getJson, startStack, type Stack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ partitions: 3 });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

let events: LeadEvent[] = [];
let poisonWhere = '';

describe('rebuild is fail-loud', () => {
  it('stops at a record it cannot apply, names topic/partition/offset, leaves live untouched', async () => {
    events = recentHistory(77, 300, { daysAgo: 20, spanDays: 15 });
    await driveAccepted(stack, events);
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'e2e-poison' });
    const producer = await kafka.producer();
    const [ack] = await producer.send(stack.topic, [
      { key: 'poison-lead', value: '{"type": "LeadCreated", not json', headers: {} },
    ]);
    await producer.close();
    expect(ack).toBeDefined();
    await stack.waitForProjection(120_000);
    const scopes = funnelScopes(events);
    const before = await funnels(stack, scopes);
    expect(before).toEqual(expectedFunnels(events, scopes));

    const run = await runOps(['rebuild'], stack.env);
    expect(run.code).not.toBe(0);
    const where = `${stack.topic}/${ack?.partition}@${ack?.baseOffset}`;
    poisonWhere = where;
    expect(run.stderr).toContain(`cannot apply ${where} (invalid_json)`);
    const versions = await listVersions(stack.db.db);
    expect(versions.map((v) => [v.version, v.state])).toEqual([
      [1, 'live'],
      [2, 'failed'],
    ]);
    expect(versions[1]?.error).toContain(where);
    expect(await funnels(stack, scopes)).toEqual(before);
    const body = await getJson<{ projections: { version: number; state: string }[] }>(
      `${stack.projector.url}/v1/projections`,
    );
    expect(body.projections.map((p) => [p.version, p.state])).toEqual([
      [1, 'live'],
      [2, 'failed'],
    ]);
  }, 180_000);

  it('passes over what ops discarded live, and the new version keeps it discarded', async () => {
    const listed = await runOps(['parked', '--json'], stack.env);
    expect(listed.code, listed.stderr).toBe(0);
    const parked = (JSON.parse(listed.stdout) as { items: ParkedItem[] }).items;
    expect(parked.map((p) => `${p.topic}/${p.partition}@${p.offset}`)).toEqual([poisonWhere]);
    const discard = await runOps(
      ['discard', String(parked[0]?.id), '--note', 'not ours'],
      stack.env,
    );
    expect(discard.code, discard.stderr).toBe(0);

    // The failed version 2 is dropped; the next rebuild (version 2 again) passes over the record.
    expect((await runOps(['drop', '2'], stack.env)).code).toBe(0);
    const run = await runOps(['rebuild'], stack.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/v2 is live \(v1 retired\)/);
    const scopes = funnelScopes(events);
    await waitForFunnels(
      stack,
      scopes,
      expectedFunnels(events, scopes),
      'v2 serves the reference numbers',
    );
    // The decision moved with the switch: v2 lists it as discarded, and a rebuild from v2
    // passes over it again.
    const all = await getJson<{ version: number; items: ParkedItem[] }>(
      `${stack.projector.url}/v1/ops/parked?status=all`,
    );
    expect(all.version).toBe(2);
    expect(
      all.items.map((p) => [`${p.topic}/${p.partition}@${p.offset}`, p.status, p.note]),
    ).toEqual([[poisonWhere, 'discarded', 'not ours']]);
    const again = await runOps(['rebuild'], stack.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/v3 is live \(v2 retired\)/);
  }, 180_000);

  it('does again what ops retried live: events that arrived before their predecessor apply in version order', async () => {
    const base = new Date(Date.now() - 10 * 86_400_000);
    const lead = 'swapped-1';
    const swapped = [
      leadCreated(lead, base),
      leadEvent(lead, 2, 'StageAdvanced', { fromStage: 'qualify', toStage: 'demo' }, base),
      leadEvent(lead, 3, 'StageAdvanced', { fromStage: 'demo', toStage: 'proposal' }, base),
    ];
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'e2e-swapped' });
    const producer = await kafka.producer();
    const records = swapped.map((e) => encodeEvent(e, { source: 'e2e/foreign' }));
    const send = (i: number) => producer.send(stack.topic, records.slice(i, i + 1));
    // A foreign producer sends v2 before v1: live parks v2 (gap), then v1 behind it.
    await send(1);
    await send(0);
    const parkedOfLead = async () =>
      (
        await getJson<{ items: (ParkedItem & { leadId: string | null })[] }>(
          `${stack.projector.url}/v1/ops/parked?leadId=${lead}`,
        )
      ).items;
    await waitFor(async () => (await parkedOfLead()).length === 2, {
      message: 'live parked both events of the lead',
    });
    const [first] = await parkedOfLead();
    const retry = await runOps(['retry', String(first?.id)], stack.env);
    expect(retry.code, retry.stderr).toBe(0);
    await send(2);
    await producer.close();
    await stack.waitForProjection(120_000);
    const all = [...events, ...swapped];
    const scopes = funnelScopes(all);
    const expected = expectedFunnels(all, scopes);
    expect(await funnels(stack, scopes)).toEqual(expected);

    // The rebuild meets v2 before v1 too: it parks v2, then applies both in version order.
    const run = await runOps(['rebuild'], stack.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/v4 is live \(v3 retired\)/);
    await waitForFunnels(stack, scopes, expected, 'v4 serves the reference numbers');
    const inV4 = await getJson<{ version: number; items: ParkedItem[] }>(
      `${stack.projector.url}/v1/ops/parked?status=all&leadId=${lead}`,
    );
    expect(inV4.version).toBe(4);
    expect(inV4.items.every((p) => p.status === 'retried')).toBe(true);
  }, 180_000);
});

interface ParkedItem {
  id: number;
  topic: string;
  partition: number;
  offset: number;
  status: string;
  note: string | null;
}
