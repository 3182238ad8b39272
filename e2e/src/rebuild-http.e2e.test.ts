import { tokenEntry } from '@dealflow/runtime';
import { waitFor } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveAccepted, recentHistory } from './histories.js';
import { expectedFunnels, funnelScopes, funnels } from './rebuild-checks.js';
import { startStack, type Stack } from './stack.js';

const OPS = 'ops-token-for-e2e';
const READER = 'metrics-token-for-e2e';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface ProjectionsBody {
  projections: { version: number; state: string; lagEvents: number }[];
}

describe('POST /v1/ops/rebuild (authenticated, scope ops)', () => {
  it('starts a rebuild in the projector process that switches live; status and metrics per version', async () => {
    const events = recentHistory(91, 400, { daysAgo: 20, spanDays: 15 });
    await driveAccepted(stack, events);
    await stack.waitForProjection(120_000);

    await stack.projector.kill();
    await stack.startProjector({
      DEALFLOW_AUTH: 'on',
      AUTH_TOKENS: [tokenEntry(OPS, ['ops']), tokenEntry(READER, ['metrics:read'])].join(','),
    });
    const url = `${stack.projector.url}/v1/ops/rebuild`;
    const post = (token?: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        // Two consumer threads fold the topic in the projector process.
        body: JSON.stringify({ from: 'kafka', workers: 2 }),
      });
    expect((await post()).status).toBe(401);
    expect((await post(READER)).status).toBe(403);
    expect((await fetch(`${stack.projector.url}/v1/projections`)).status).toBe(401);

    const accepted = await post(OPS);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ version: 2, state: 'building', source: 'kafka' });

    const auth = { authorization: `Bearer ${OPS}` };
    const body = await waitFor(
      async () => {
        const res = await fetch(`${stack.projector.url}/v1/projections`, { headers: auth });
        const json = (await res.json()) as ProjectionsBody;
        const states = json.projections.map((p) => [p.version, p.state, p.lagEvents]);
        return (
          JSON.stringify(states) ===
            JSON.stringify([
              [1, 'retired', 0],
              [2, 'live', 0],
            ]) && json
        );
      },
      { timeoutMs: 120_000, message: 'v2 live and caught up' },
    );
    expect(body.projections).toHaveLength(2);
    const metrics = await (await fetch(`${stack.projector.url}/metrics`)).text();
    expect(metrics).toContain(
      'dealflow_projection_version_state{projection="read-models@v2",version="2",state="live"} 1',
    );
    expect(metrics).toContain(
      'dealflow_projection_version_state{projection="read-models@v1",version="1",state="retired"} 1',
    );
    expect(metrics).toMatch(
      /dealflow_projection_applied_offset\{projection="read-models@v2",partition="0"\} \d+/,
    );

    const scopes = funnelScopes(events);
    expect(await funnels(stack, scopes)).toEqual(expectedFunnels(events, scopes));
  }, 240_000);
});
