import { startService, waitFor, type ServiceProcess } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';

interface Probe {
  status: number;
  body: unknown;
}

async function probe(service: ServiceProcess, path: '/livez' | '/readyz' | '/health') {
  const res = await fetch(`${service.url}${path}`);
  return { status: res.status, body: await res.json() } satisfies Probe;
}

/** The compiled services on real Postgres and Kafka: liveness and readiness, apart. */
describe('/livez and /readyz', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('every service is alive and, with its dependencies up, ready', async () => {
    for (const service of [stack.command, stack.query, stack.projector]) {
      expect(await probe(service, '/livez'), service.name).toEqual({
        status: 200,
        body: { status: 'ok' },
      });
    }
    expect(await probe(stack.command, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'up' } },
    });
    expect(await probe(stack.query, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'up' } },
    });
    // The projector is ready once its consumer polls Kafka.
    const projector = await waitFor(
      async () => {
        const ready = await probe(stack.projector, '/readyz');
        return ready.status === 200 && ready;
      },
      { timeoutMs: 30_000, message: 'the projector ready' },
    );
    expect(projector.body).toEqual({ status: 'ok', checks: { database: 'up', kafka: 'up' } });
  });

  it('a service whose database does not answer is alive but not ready', async () => {
    const url = new URL(stack.db.url);
    url.pathname = '/dealflow_no_such_database';
    const query = await startService(
      'query',
      { ...stack.env, DATABASE_URL: url.toString() },
      { waitForHealth: false },
    );
    try {
      const live = await waitFor(
        async () => {
          const res = await probe(query, '/livez').catch(() => undefined);
          return res?.status === 200 && res;
        },
        { timeoutMs: 30_000, message: `the query service listening\n${query.output()}` },
      );
      expect(live.body).toEqual({ status: 'ok' });
      expect(await probe(query, '/readyz')).toEqual({
        status: 503,
        body: { status: 'unavailable', checks: { database: 'down' } },
      });
      expect((await probe(query, '/health')).status).not.toBe(200); // as before these probes
    } finally {
      await query.kill();
    }
  });
});
