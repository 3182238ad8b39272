import { commandsFromHistory, startService, waitFor, type ServiceProcess } from '@dealflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { expectExactReadModels, lastAssignment, storedEvents } from './faults-checks.js';
import { streamCommands } from './faults-driver.js';
import { recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

const PARTITIONS = 4;
/** Members silent this long lose their partitions (the default 30 s would only slow the test). */
const GROUP = { KAFKA_SESSION_TIMEOUT_MS: '10000' };
let stack: Stack | undefined;
let second: ServiceProcess | undefined;
afterEach(async () => {
  await second?.kill('SIGKILL');
  await stack?.stop();
  stack = undefined;
  second = undefined;
});

const owned = (proc: ServiceProcess) => lastAssignment(proc)?.length ?? 0;

describe('fault: one of two projectors in a consumer group SIGKILLed mid-stream', () => {
  it('moves its partitions to the survivor and keeps the numbers exact', async () => {
    stack = await startStack({ partitions: PARTITIONS, projectorEnv: GROUP });
    const s = stack;
    // Same group id (the stack's env), its own port: a second member of the group.
    const b = await startService('projector', { ...s.env, ...GROUP });
    second = b;
    await waitFor(
      () => owned(s.projector) > 0 && owned(b) > 0 && owned(s.projector) + owned(b) === PARTITIONS,
      { timeoutMs: 60_000, message: 'both members own partitions' },
    );

    const events = recentHistory(404, 600);
    const stream = streamCommands(() => s.command.url, commandsFromHistory(events));
    await waitFor(() => stream.live.accepted.length > events.length / 3, {
      timeoutMs: 60_000,
      message: 'a third of the commands accepted',
    });
    const orphaned = lastAssignment(b) ?? [];
    expect(orphaned.length).toBeGreaterThan(0);
    await b.kill('SIGKILL');

    // The group notices the dead member within its session timeout (10 s), then rebalances.
    await waitFor(() => owned(s.projector) === PARTITIONS, {
      timeoutMs: 60_000,
      message: 'the survivor owns every partition',
    });
    const outcome = await stream.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.accepted).toHaveLength(events.length);
    await s.waitForProjection(90_000);
    expect(await storedEvents(s.db.db)).toHaveLength(events.length);
    await expectExactReadModels(s, events);
  }, 240_000);
});
