import { commandsFromHistory } from '@dealflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expectAcceptedStored,
  expectExactReadModels,
  expectWholeEventStore,
  randomPause,
  storedEvents,
} from './faults-checks.js';
import { streamCommands } from './faults-driver.js';
import { recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

// Alternating command service (with its relay) and projector: three kills each.
const KILLS = 6;
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('fault: relay and projector SIGKILLed again and again', () => {
  it('final numbers equal the reference after 6 kills at random moments', async () => {
    stack = await startStack();
    const s = stack;
    // Enough commands that most of the six kills land while they stream, even on a fast
    // write path (600 leads were all accepted after the third kill once).
    const events = recentHistory(303, 1_500);
    // The relay runs inside the command service: killing that process kills the relay mid-batch
    // and the API mid-request; the stream retries with the same Idempotency-Keys.
    const stream = streamCommands(() => s.command.url, commandsFromHistory(events), {
      concurrency: 6,
    });
    let done = false;
    const finished = () => (done = true);
    void stream.done.then(finished, finished);
    // A projector restart is not awaited before the next kill, so kills stay 0.3–1.5 s apart;
    // the command service is awaited, as the stream cannot go on without it.
    let projectorUp: Promise<unknown> = Promise.resolve();
    const kills: { target: string; duringStream: boolean }[] = [];
    for (let i = 0; i < KILLS; i++) {
      await randomPause(300, 1_500);
      kills.push({ target: i % 2 === 0 ? 'command+relay' : 'projector', duringStream: !done });
      if (i % 2 === 0) {
        await s.command.kill('SIGKILL');
        await s.startCommand();
      } else {
        await projectorUp;
        await s.projector.kill('SIGKILL');
        // A fresh group id: the same one would stall every restart until the dead member's
        // session times out (30 s). Progress lives in the database checkpoints, not the group,
        // so exactness is unaffected (the two-member test covers the shared group).
        projectorUp = s.startProjector({ KAFKA_GROUP_ID: `${s.env.KAFKA_GROUP_ID ?? 'g'}-${i}` });
        // Awaited before the next projector kill and at the end; a failure surfaces there.
        projectorUp.catch(() => undefined);
      }
    }
    await projectorUp;
    const outcome = await stream.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.accepted).toHaveLength(events.length);
    // Most kills landed while commands were streaming; the rest hit the catch-up.
    expect(kills.filter((k) => k.duringStream).length).toBeGreaterThanOrEqual(4);

    await s.waitForProjection(90_000);
    await expectWholeEventStore(s.db.db);
    const stored = await storedEvents(s.db.db);
    expect(stored).toHaveLength(events.length);
    expectAcceptedStored(outcome.accepted, stored);
    await expectExactReadModels(s, events);
  }, 240_000);
});
