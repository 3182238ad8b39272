import type { Database } from '@dealflow/db';
import type { HttpApp } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RelayStats } from '../relay.js';
import { commonProblems } from './schemas.js';

const RelayHealth = z.object({
  state: z.enum(['stopped', 'standby', 'active']),
  publishedTotal: z.int(),
  batches: z.int(),
  lastPublishedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  consecutiveFailures: z.int(),
});

const Health = z.object({
  status: z.literal('ok'),
  database: z.literal('up'),
  /** Outbox rows not yet acknowledged by Kafka (any relay's backlog, not just this one's). */
  outboxBacklog: z.int().describe('Events committed but not yet published to Kafka'),
  relay: RelayHealth.nullable().describe("This process's relay; null when it runs none"),
});

/**
 * `GET /health`: 200 while Postgres answers (503 `unavailable` otherwise). Kafka being down does
 * not fail it — commands are still accepted; the backlog and the relay's last error show it.
 */
export function healthRoute(
  app: HttpApp,
  deps: { db: Kysely<Database>; relayStats?: () => RelayStats },
): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness and readiness',
        description:
          '200 when Postgres answers; reports the outbox backlog and the relay state (Kafka ' +
          'outages show here without failing health, as commands are still accepted).',
        response: { 200: Health, ...commonProblems },
      },
    },
    async () => {
      const row = await deps.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return {
        status: 'ok' as const,
        database: 'up' as const,
        outboxBacklog: Number(row.n),
        relay: deps.relayStats?.() ?? null,
      };
    },
  );
}
