import { createKafkaClient } from '@dealflow/kafka';
import {
  commandsFromHistory,
  driveCommands,
  referenceFunnel,
  startService,
} from '@dealflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { PIPELINES, recentHistory } from './histories.js';
import { getJson, startStack, type Stack } from './stack.js';

async function expectFunnelsMatch(stack: Stack, events: Parameters<typeof referenceFunnel>[0]) {
  for (const pipelineId of ['default', 'b2c']) {
    const body = await getJson(`${stack.query.url}/v1/funnel?pipelineId=${pipelineId}`);
    expect(body).toEqual(referenceFunnel(events, PIPELINES, { pipelineId }));
  }
}

async function topicRecordCount(stack: Stack): Promise<number> {
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'e2e-count' }).admin();
  try {
    const offsets = await admin.topicOffsets(stack.topic);
    return offsets.reduce((n, p) => n + p.high - p.low, 0);
  } finally {
    await admin.close();
  }
}

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('crashes lose nothing and count nothing twice', () => {
  it('projector killed with SIGKILL mid-stream, restarted: numbers equal the reference', async () => {
    stack = await startStack();
    const events = recentHistory(7, 1_500);
    const s = stack;
    const driving = driveCommands(s.command.url, commandsFromHistory(events), { concurrency: 12 });
    let kills = 0;
    let done = false;
    void driving.finally(() => {
      done = true;
    });
    // Kill at moments spread over the stream, while batches are being applied.
    while (!done && kills < 4) {
      await new Promise((r) => setTimeout(r, 400 + Math.floor(Math.random() * 800)));
      await s.projector.kill('SIGKILL');
      kills++;
      await s.startProjector();
    }
    const result = await driving;
    expect(result.failed).toEqual([]);
    expect(kills).toBeGreaterThan(0);
    await s.projector.kill('SIGKILL');
    await s.startProjector();
    await s.waitForProjection(120_000);
    await expectFunnelsMatch(s, events);
  }, 240_000);

  it('relay killed between publish and delete: duplicates on Kafka, none in the numbers', async () => {
    stack = await startStack({ commandEnv: { RELAY_ENABLED: 'false' } });
    const s = stack;
    const events = recentHistory(11, 600);
    const result = await driveCommands(s.command.url, commandsFromHistory(events), {
      concurrency: 12,
    });
    expect(result.failed).toEqual([]);
    await s.command.kill();
    expect(await topicRecordCount(s)).toBe(0);

    // This relay publishes one batch and dies before it can delete the batch from the outbox.
    const faulty = await startService(
      'command',
      { ...s.env, RELAY_FAULT_EXIT_AFTER_PUBLISH: 'true', RELAY_BATCH_SIZE: '200' },
      { waitForHealth: false },
    );
    await faulty.exited;
    const published = await topicRecordCount(s);
    expect(published).toBeGreaterThan(0);

    await s.startCommand();
    await s.waitForProjection(120_000);
    expect(await topicRecordCount(s)).toBeGreaterThan(events.length);
    await expectFunnelsMatch(s, events);
  }, 180_000);
});
