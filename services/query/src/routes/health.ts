import type { HttpApp } from '@dealflow/runtime';
import { sql } from 'kysely';
import { z } from 'zod';
import type { QueryDeps } from '../query-deps.js';
import { commonProblems } from './schemas.js';

const Health = z
  .object({ status: z.literal('ok'), database: z.literal('up') })
  .describe('Postgres answers');

/** `GET /health`: 200 while Postgres answers, `503 unavailable` otherwise. */
export function healthRoute(app: HttpApp, deps: Pick<QueryDeps, 'db'>): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness and readiness',
        description: '200 when Postgres answers a ping; 503 unavailable when it does not.',
        response: { 200: Health, ...commonProblems },
      },
    },
    async () => {
      await sql`SELECT 1`.execute(deps.db);
      return { status: 'ok' as const, database: 'up' as const };
    },
  );
}
