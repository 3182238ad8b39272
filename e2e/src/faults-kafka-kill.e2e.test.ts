import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaStatus, startKafka, stopKafka } from '@dealflow/infra';
import { commandsFromHistory, freePort, waitFor } from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectAcceptedStored,
  expectExactReadModels,
  expectWholeEventStore,
  storedEvents,
} from './faults-checks.js';
import { streamCommands } from './faults-driver.js';
import { recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

// A broker of this test's own: killing the run's shared broker would break other test files.
const kafkaDir = mkdtempSync(join(tmpdir(), 'dealflow-faults-kafka-'));
let port = 0;
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (port) await stopKafka({ dir: kafkaDir, port });
  rmSync(kafkaDir, { recursive: true, force: true });
});

const eventCount = async (s: Stack) =>
  Number(
    (
      await s.db.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('fault: Kafka broker SIGKILLed and restarted mid-stream', () => {
  it('keeps accepting commands and projects every one exactly once', async () => {
    port = await freePort();
    const controllerPort = await freePort();
    const broker = await startKafka({ dir: kafkaDir, port, controllerPort });
    stack = await startStack({ brokers: [broker.brokers], partitions: 3 });
    const s = stack;
    const events = recentHistory(101, 400);
    const stream = streamCommands(() => s.command.url, commandsFromHistory(events));

    await waitFor(() => stream.live.accepted.length > events.length / 4, {
      timeoutMs: 60_000,
      message: 'a quarter of the commands accepted',
    });
    const { pid } = await kafkaStatus({ dir: kafkaDir, port });
    if (pid === undefined) throw new Error('own broker not running');
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => !(await kafkaStatus({ dir: kafkaDir, port })).running, {
      message: 'broker gone',
    });
    // The API must not depend on the broker: commands keep landing in the event store.
    const atKill = await eventCount(s);
    await waitFor(async () => (await eventCount(s)) > atKill + 100, {
      timeoutMs: 30_000,
      message: 'commands accepted while the broker is dead',
    });
    await startKafka({ dir: kafkaDir, port, controllerPort });

    const outcome = await stream.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.accepted).toHaveLength(events.length);
    await s.waitForProjection(90_000);
    const stored = await storedEvents(s.db.db);
    expect(stored).toHaveLength(events.length);
    expectAcceptedStored(outcome.accepted, stored);
    await expectWholeEventStore(s.db.db);
    await expectExactReadModels(s, events);
  }, 240_000);
});
