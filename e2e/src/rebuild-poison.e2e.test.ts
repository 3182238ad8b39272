import { createKafkaClient } from '@dealflow/kafka';
import { listVersions } from '@dealflow/read-models';
import { commandsFromHistory, driveCommands, generateHistory } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from './ops-process.js';
import { PIPELINES, expectedFunnels, funnelScopes, funnels } from './rebuild-checks.js';
import { getJson, startStack, type Stack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ partitions: 3 });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('rebuild is fail-loud', () => {
  it('stops at a record it cannot apply, names topic/partition/offset, leaves live untouched', async () => {
    const now = Date.now();
    const events = generateHistory({
      leads: 300,
      seed: 77,
      start: new Date(now - 20 * 86_400_000),
      spanDays: 15,
      pipelines: PIPELINES,
      until: new Date(now - 60_000),
    });
    const driven = await driveCommands(stack.command.url, commandsFromHistory(events), {
      concurrency: 8,
    });
    expect(driven.failed).toEqual([]);
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
});
