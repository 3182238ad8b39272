import { commandsFromHistory, waitFor } from '@dealflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expectAcceptedStored,
  expectExactReadModels,
  expectWholeEventStore,
  expectWholePrefix,
  storedEvents,
} from './faults-checks.js';
import { streamCommands } from './faults-driver.js';
import { recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('fault: SIGTERM to the command service and the projector under load', () => {
  it('exits 0, loses no accepted command and leaves no half-applied batch', async () => {
    stack = await startStack();
    const s = stack;
    const events = recentHistory(505, 600);
    const stream = streamCommands(() => s.command.url, commandsFromHistory(events), {
      concurrency: 10,
    });
    const progress = (share: number) =>
      waitFor(() => stream.live.accepted.length > events.length * share, {
        timeoutMs: 60_000,
        message: `${share * 100}% of the commands accepted`,
      });

    await progress(0.2);
    expect(await s.command.kill('SIGTERM')).toBe(0);
    // The process is gone: every 2xx it gave must already be in the event store.
    expectAcceptedStored([...stream.live.accepted], await storedEvents(s.db.db));
    await s.startCommand();

    await progress(0.5);
    expect(await s.projector.kill('SIGTERM')).toBe(0);
    // The projector is gone: the read models hold whole batches only, a prefix of each lead.
    const projected = await expectWholePrefix(s, await storedEvents(s.db.db));
    expect(projected).toBeGreaterThan(0);
    await s.startProjector();

    const outcome = await stream.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.accepted).toHaveLength(events.length);
    await s.waitForProjection(90_000);
    await expectWholeEventStore(s.db.db);
    const stored = await storedEvents(s.db.db);
    expect(stored).toHaveLength(events.length);
    expectAcceptedStored(outcome.accepted, stored);
    await expectExactReadModels(s, events);
  }, 240_000);
});
