import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { startKafka, stopKafka } from '@dealflow/infra';
import {
  commandsFromHistory,
  driveCommands,
  freePort,
  generateHistory,
  referenceFunnel,
} from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, startStack, type Stack } from './stack.js';

const PIPELINES = [defaultPipeline, b2cPipeline];
const DAY = 86_400_000;

// A broker of this test's own: stopping the run's shared broker would disturb other test files.
const kafkaDir = mkdtempSync(join(tmpdir(), 'dealflow-outage-kafka-'));
let port = 0;
let controllerPort = 0;
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (port) await stopKafka({ dir: kafkaDir, port });
  rmSync(kafkaDir, { recursive: true, force: true });
});

describe('Kafka stopped while commands keep coming', () => {
  it('accepts every command during the outage and projects all of them once it is back', async () => {
    port = await freePort();
    controllerPort = await freePort();
    const broker = await startKafka({ dir: kafkaDir, port, controllerPort });
    stack = await startStack({ brokers: [broker.brokers], partitions: 3 });
    const now = Date.now();
    const events = generateHistory({
      leads: 600,
      seed: 42,
      start: new Date(now - 20 * DAY),
      spanDays: 15,
      pipelines: PIPELINES,
      until: new Date(now - 60_000),
    });
    const perLead = commandsFromHistory(events);
    const thirds = [perLead.slice(0, 200), perLead.slice(200, 400), perLead.slice(400)];
    const drive = async (part: typeof perLead) => {
      const result = await driveCommands(stack?.command.url ?? '', part, { concurrency: 8 });
      expect(result.failed).toEqual([]);
    };

    await drive(thirds[0] ?? []);
    expect(await stopKafka({ dir: kafkaDir, port })).toBe(true);
    await drive(thirds[1] ?? []);
    const backlog = await stack.db.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(backlog.n)).toBeGreaterThan(0);

    await startKafka({ dir: kafkaDir, port, controllerPort });
    await drive(thirds[2] ?? []);
    await stack.waitForProjection(180_000);
    for (const pipelineId of ['default', 'b2c']) {
      const body = await getJson(`${stack.query.url}/v1/funnel?pipelineId=${pipelineId}`);
      expect(body).toEqual(referenceFunnel(events, PIPELINES, { pipelineId }));
    }
  }, 300_000);
});
