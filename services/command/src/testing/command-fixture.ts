import { loadPipelines } from '@dealflow/domain';
import { createLogger, loadHttpSecurity, type HttpApp } from '@dealflow/runtime';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import type { LightMyRequestResponse } from 'fastify';
import { buildCommandApp, type CommandAppDeps } from '../app.js';

/** A command app on a database of its own, and the probes tests assert with. */
export interface CommandFixture {
  tdb: TestDatabase;
  app: HttpApp;
  /** Sends a JSON POST (a string payload is sent as is, for malformed bodies). */
  post(
    url: string,
    payload: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Rows in `events` (and `outbox`, `idempotency_keys`): "nothing was written" is checkable. */
  counts(): Promise<{ events: number; outbox: number; keys: number }>;
  /** Creates a lead in the default pipeline; returns its id. */
  createLead(leadId?: string, extra?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** A silent logger for tests. */
export const testLogger = createLogger({ name: 'command-test', level: 'silent' });

/**
 * Authentication off: the tests of commands are not about credentials (auth.int.test.ts is, and
 * passes its own `security`).
 */
export const authOff = () => loadHttpSecurity({ DEALFLOW_AUTH: 'off' });

let leadCounter = 0;

/** A lead id unique in this test run. */
export function newLeadId(prefix = 'lead'): string {
  leadCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${leadCounter}`;
}

/**
 * Builds the command app over a fresh test database (cloned from the migrated template).
 *
 * @example const fx = await commandFixture(); afterAll(() => fx.close());
 */
export async function commandFixture(
  overrides: Partial<CommandAppDeps> = {},
): Promise<CommandFixture> {
  const tdb = await createTestDatabase('command');
  const app = await buildCommandApp({
    db: tdb.db,
    pipelines: loadPipelines(),
    logger: testLogger,
    security: authOff(),
    ...overrides,
  });
  await app.ready();
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const count = async (table: 'events' | 'outbox' | 'idempotency_keys') => {
    const row = await tdb.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    tdb,
    app,
    post,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers }),
    async counts() {
      const [events, outbox, keys] = await Promise.all([
        count('events'),
        count('outbox'),
        count('idempotency_keys'),
      ]);
      return { events, outbox, keys };
    },
    async createLead(leadId = newLeadId(), extra = {}) {
      const res = await post('/v1/leads', {
        leadId,
        name: 'Ada Lovelace',
        amount: { value: 100_000, currency: 'EUR' },
        ...extra,
      });
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      return leadId;
    },
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}
