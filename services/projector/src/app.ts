import type { Database } from '@dealflow/db';
import type { KafkaAdmin } from '@dealflow/kafka';
import { createHttpApp, type HttpApp, type Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics-text.js';
import { projectorMetrics } from './projector-metrics.js';
import { readProjectionStatus } from './projection-status.js';
import type { ProjectorSnapshot } from './projector.js';

/** What the status app reads. */
export interface ProjectorAppOptions {
  logger: Logger;
  db: Kysely<Database>;
  admin: KafkaAdmin;
  topic: string;
  /** The projector of this process. */
  projector: { snapshot(): ProjectorSnapshot };
  /** /health fails when the last heartbeat is older than this. */
  heartbeatStaleMs: number;
  now?: () => Date;
}

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  state: z.string(),
  heartbeatAt: z.string().nullable(),
  heartbeatAgeMs: z.number().nullable(),
});

const partitionSchema = z.object({
  partition: z.int(),
  headOffset: z.int().describe('High watermark: the offset the next record gets'),
  appliedOffset: z.int().describe('Next offset to apply (checkpoint)'),
});

const projectionsSchema = z.object({
  projections: z.array(
    z.object({
      name: z.string(),
      version: z.int(),
      state: z.enum(['live', 'building', 'retired', 'failed']),
      lagEvents: z.int(),
      lagSeconds: z.number().nullable(),
      heartbeatAt: z.string().nullable(),
      parked: z.int(),
      partitions: z.array(partitionSchema),
    }),
  ),
});

/**
 * The projector's ops surface (port 3003): `GET /health` (200 while consuming with a fresh
 * heartbeat, else 503), `GET /v1/projections` (progress and lag of every read-model version, as
 * API.md), `GET /metrics` (Prometheus text). Testable with `app.inject`; `server.ts` listens.
 */
export async function buildProjectorApp(opts: ProjectorAppOptions): Promise<HttpApp> {
  const app = await createHttpApp({
    logger: opts.logger,
    title: 'dealflow projector',
    description: 'Projection status, health and metrics',
    version: '1.0.0',
  });
  const now = opts.now ?? (() => new Date());
  const status = () => readProjectionStatus({ ...opts, now });

  app.get(
    '/health',
    { logLevel: 'warn', schema: { response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      const { state, heartbeatAt } = opts.projector.snapshot();
      const age = heartbeatAt === undefined ? null : now().getTime() - heartbeatAt.getTime();
      const healthy = state === 'consuming' && age !== null && age <= opts.heartbeatStaleMs;
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'unavailable',
        state,
        heartbeatAt: heartbeatAt?.toISOString() ?? null,
        heartbeatAgeMs: age,
      });
    },
  );

  app.get('/v1/projections', { schema: { response: { 200: projectionsSchema } } }, async () => ({
    projections: await status(),
  }));

  // Text exposition, not JSON: the zod serializer would quote it, so no response schema here.
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = renderMetrics(projectorMetrics(opts.projector.snapshot(), await status(), now()));
    return reply.type(METRICS_CONTENT_TYPE).send(text);
  });

  return app;
}
