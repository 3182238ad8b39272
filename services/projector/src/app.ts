import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { KafkaAdmin } from '@dealflow/kafka';
import {
  createHttpApp,
  problemSchema,
  registerProbes,
  SCOPES,
  type HttpApp,
  type HttpSecurityOptions,
  type Logger,
} from '@dealflow/runtime';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { batchSecondsHistogram, registerProjectorMetrics } from './ops/projector-prometheus.js';
import { parkedRoutes } from './parked/parked-routes.js';
import { projectorMetrics } from './ops/projector-metrics.js';
import { readProjectionStatus } from './ops/projection-status.js';
import type { Projector } from './live/projector.js';
import type { LaunchedRebuild } from './rebuild/rebuild-launcher.js';
import { RebuildBusyError, type RebuildSource } from './rebuild/start-rebuild.js';

/** What the status app reads. */
export interface ProjectorAppOptions {
  logger: Logger;
  db: Kysely<Database>;
  admin: KafkaAdmin;
  topic: string;
  /** The projector of this process. */
  projector: Pick<Projector, 'snapshot' | 'observeBatchSeconds'>;
  /** /health fails when the last heartbeat is older than this. */
  heartbeatStaleMs: number;
  /** Authentication (scope `ops` on the ops routes), rate limit, CORS. */
  security?: HttpSecurityOptions;
  /** Starts rebuilds in this process (`POST /v1/ops/rebuild`); absent: the route is not served. */
  rebuilds?: { launch(from: RebuildSource, workers?: number): Promise<LaunchedRebuild> };
  /** Serves the parked-event routes (`/v1/ops/parked…`) with these pipelines; absent: not served. */
  parked?: { pipelines: PipelineCatalog };
  /** The dead-letter publisher of this process, for its counter in `/metrics`. */
  deadLetters?: { topic: string; readonly published: number };
  now?: () => Date;
}

const rebuildBodySchema = z
  .object({
    from: z
      .enum(['kafka', 'events-table'])
      .default('kafka')
      .describe('Replay the Kafka topic (default) or the Postgres events table'),
    workers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe(
        'Consumer threads folding the topic (default 1); each takes a share of the partitions and a core',
      ),
  })
  .strict()
  .default({ from: 'kafka' });

const rebuildAcceptedSchema = z.object({
  version: z.int().describe('The read-model version being built'),
  state: z.literal('building'),
  source: z.enum(['kafka', 'events-table']),
  resumed: z.boolean().describe('An unfinished rebuild was found and is continued'),
  alreadyRunning: z.boolean().describe('This process was already running it'),
});

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
 * heartbeat, else 503), `/livez` and `/readyz` (Postgres answers and the consumer polls), `GET /v1/projections` (progress and lag of every read-model version, as
 * API.md; scope `ops`), `POST /v1/ops/rebuild` (starts a rebuild in this process, 202 with its
 * version; scope `ops`), the dead letters under `/v1/ops/parked` (list, show, retry, discard;
 * scope `ops`), `GET /metrics` (Prometheus, with the HTTP and process metrics of every service). Testable with `app.inject`;
 * `server.ts` listens.
 */
export async function buildProjectorApp(opts: ProjectorAppOptions): Promise<HttpApp> {
  const app = await createHttpApp({
    logger: opts.logger,
    title: 'dealflow projector',
    description: 'Projection status, health and metrics',
    version: '1.0.0',
    security: opts.security,
    metrics: true,
  });
  const now = opts.now ?? (() => new Date());
  const status = () => readProjectionStatus({ ...opts, now });
  /** The consumer's last poll of Kafka, and whether it is recent enough to count as consuming. */
  const heartbeat = () => {
    const { state, heartbeatAt } = opts.projector.snapshot();
    const age = heartbeatAt === undefined ? null : now().getTime() - heartbeatAt.getTime();
    const healthy = state === 'consuming' && age !== null && age <= opts.heartbeatStaleMs;
    return { state, heartbeatAt, age, healthy };
  };

  app.get(
    '/health',
    { logLevel: 'warn', schema: { response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      const { state, heartbeatAt, age, healthy } = heartbeat();
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'unavailable',
        state,
        heartbeatAt: heartbeatAt?.toISOString() ?? null,
        heartbeatAgeMs: age,
      });
    },
  );

  // Ready while Postgres answers and the consumer polls Kafka (a fresh heartbeat).
  registerProbes(app, {
    database: () => sql`SELECT 1`.execute(opts.db),
    kafka: () => {
      const { state, age, healthy } = heartbeat();
      return healthy
        ? Promise.resolve()
        : Promise.reject(new Error(`consumer ${state}, last poll ${age ?? 'never'} ms ago`));
    },
  });

  app.get(
    '/v1/projections',
    { config: { scope: SCOPES.ops }, schema: { response: { 200: projectionsSchema } } },
    async () => ({ projections: await status() }),
  );

  const { rebuilds } = opts;
  if (rebuilds !== undefined) {
    app.post(
      '/v1/ops/rebuild',
      {
        config: { scope: SCOPES.ops },
        schema: {
          body: rebuildBodySchema,
          response: { 202: rebuildAcceptedSchema, 409: problemSchema },
        },
      },
      async (request, reply) => {
        try {
          const launched = await rebuilds.launch(request.body.from, request.body.workers);
          return await reply.code(202).send({ ...launched, state: 'building' as const });
        } catch (err) {
          if (!(err instanceof RebuildBusyError)) throw err;
          return reply.code(409).type('application/problem+json').send({
            type: 'about:blank',
            title: 'A rebuild is running',
            status: 409,
            code: 'rebuild_running',
            detail: 'another process is rebuilding the read models; see GET /v1/projections',
          });
        }
      },
    );
  }

  if (opts.parked !== undefined) parkedRoutes(app, { db: opts.db, ...opts.parked });

  // Computed at scrape time from the totals and every version's status (GET /metrics).
  registerProjectorMetrics(app.metricsRegistry, async () => {
    const families = projectorMetrics(opts.projector.snapshot(), await status(), now());
    const { deadLetters } = opts;
    if (deadLetters === undefined) return families;
    return [
      ...families,
      {
        name: 'dealflow_projector_dead_letters_published_total',
        type: 'counter' as const,
        samples: [{ labels: { topic: deadLetters.topic }, value: deadLetters.published }],
      },
    ];
  });
  opts.projector.observeBatchSeconds(
    batchSecondsHistogram(app.metricsRegistry, () => opts.projector.snapshot().projection),
  );

  return app;
}
