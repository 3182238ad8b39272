import { z } from 'zod';
import type { HttpApp } from './http-app.js';

/** A dependency check of `/readyz`: resolves when the dependency answers, throws when not. */
export type ReadinessCheck = () => Promise<unknown>;

/** How long one readiness check may take before it counts as down. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

const livez = z.object({ status: z.literal('ok') }).describe('The process answers');

const readyz = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(z.string(), z.enum(['up', 'down'])),
  })
  .describe('Each dependency this service needs to do its work, up or down');

function withTimeout(check: ReadinessCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Registers the probes of an orchestrator, apart from each other and from `/health`:
 * `GET /livez` answers 200 while the process does (restart it when this fails); `GET /readyz`
 * answers 200 when every dependency check passes within its time, else 503 naming the one that
 * is down (send it no traffic until it passes). Both are public and log only at `warn`.
 *
 * @example registerProbes(app, { database: () => sql`SELECT 1`.execute(db) });
 */
export function registerProbes(
  app: HttpApp,
  checks: Record<string, ReadinessCheck>,
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): void {
  app.get(
    '/livez',
    {
      logLevel: 'warn',
      schema: {
        tags: ['ops'],
        summary: 'Liveness',
        description: '200 while the process answers; it checks no dependency.',
        response: { 200: livez },
      },
    },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['ops'],
        summary: 'Readiness',
        description: `200 when ${Object.keys(checks).join(' and ')} answer; 503 when one does not.`,
        response: { 200: readyz, 503: readyz },
      },
    },
    async (request, reply) => {
      const names = Object.keys(checks);
      const results = await Promise.allSettled(
        names.map((name) => withTimeout(checks[name] ?? (async () => {}), timeoutMs)),
      );
      const states = Object.fromEntries(
        names.map((name, i) => [name, results[i]?.status === 'fulfilled' ? 'up' : 'down']),
      ) as Record<string, 'up' | 'down'>;
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          request.log.warn({ check: names[i], err: result.reason as unknown }, 'not ready');
        }
      });
      const ready = Object.values(states).every((s) => s === 'up');
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? ('ok' as const) : ('unavailable' as const), checks: states });
    },
  );
}
