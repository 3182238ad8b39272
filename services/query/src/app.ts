import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import { liveReadModelPosition, liveVersion, readAppliedPosition } from '@dealflow/read-models';
import {
  createHttpApp,
  registerProbes,
  type HttpApp,
  type HttpSecurityOptions,
  type Logger,
} from '@dealflow/runtime';
import { sql, type Kysely } from 'kysely';
import { answerCache } from './answer-cache.js';
import { digest } from './answer-tag.js';
import { sharedAppliedPosition } from './applied-position-reader.js';
import { cachedLiveVersion } from './live-version.js';
import { funnelRoute } from './routes/funnel.js';
import { healthRoute } from './routes/health.js';
import { leadRoutes } from './routes/leads.js';
import { metricsReasonsRoutes } from './routes/metrics-reasons.js';
import { metricsStageDurationsRoute } from './routes/metrics-stage-durations.js';
import { metricsSummaryRoute } from './routes/metrics-summary.js';
import { metricsTimeseriesRoute } from './routes/metrics-timeseries.js';
import { pipelinesRoute } from './routes/pipelines.js';
import { streamRoute } from './routes/stream.js';
import { dashboardRoute } from './routes/dashboard.js';
import { changeFeed } from './stream/change-feed.js';

/** What the query app needs; everything with I/O is passed in, so tests use real ones. */
export interface QueryAppDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  logger: Logger;
  /** Authentication, rate limit, CORS (`config.security`; tests: `DEALFLOW_AUTH=off`). */
  security: HttpSecurityOptions;
  /** Longest wait for `X-Dealflow-Min-Position` (default 2000 ms). */
  minPositionWaitMs?: number;
  /** How long the live read-model version is cached (default 1000 ms). */
  liveVersionTtlMs?: number;
  /** `GET /v1/stream`: open streams per caller, heartbeat and poll intervals (4, 15 s, 250 ms). */
  stream?: { maxPerCaller?: number; heartbeatMs?: number; pollMs?: number };
  /** The built dashboard (`packages/dashboard/dist`), served at `/dashboard/`; none when absent. */
  dashboardDir?: string | undefined;
  /**
   * How long an applied position is reused (default 0: only requests waiting at the same time
   * share one read). Answers may then be tagged up to this much behind the numbers, and a
   * `304` given up to this long after they moved; never behind a stream's `changed` event, nor
   * to a request with `X-Dealflow-Min-Position`.
   */
  appliedPositionTtlMs?: number;
  /** Budget of the answers kept by `ETag` for requests of the same tag (default 32 MiB; 0: none). */
  answerCacheBytes?: number;
}

/** SQLSTATE of "relation does not exist". */
const UNDEFINED_TABLE = '42P01';

/**
 * The live version, or none while `projection_versions` does not exist yet (the query service
 * started before anything created it): that is "not ready" (503), not an internal error.
 */
async function liveVersionOrNone(db: Kysely<Database>): Promise<number | undefined> {
  try {
    return await liveVersion(db);
  } catch (err) {
    if ((err as { code?: unknown }).code === UNDEFINED_TABLE) return undefined;
    throw err;
  }
}

/**
 * Builds the query service's HTTP app (not listening): the funnel metrics and the pipeline
 * definitions (scope `metrics:read`), `/health` and the OpenAPI 3.1 document at `/docs/json`
 * (public). Every metrics answer carries an `ETag` (live version, its applied position, the
 * query) and `Cache-Control: no-cache`, and a matching `If-None-Match` answers `304` after
 * reading only the position; every other answer is `Cache-Control: no-store`.
 *
 * @example
 * const app = await buildQueryApp({ db, pipelines: loadPipelines(), logger, security });
 * const res = await app.inject({ method: 'GET', url: '/v1/funnel?ownerId=ada' });
 */
export async function buildQueryApp(deps: QueryAppDeps): Promise<HttpApp> {
  const app = await createHttpApp({
    logger: deps.logger,
    title: 'dealflow query API',
    description:
      'Funnel metrics of the sales pipelines, served from the read models the projector folds ' +
      'from the event stream.',
    version: '1.0.0',
    security: deps.security,
    metrics: true,
  });
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode >= 400) void reply.removeHeader('etag');
    if (reply.statusCode >= 400 || !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
  });
  const liveVersionCache = cachedLiveVersion(
    () => liveVersionOrNone(deps.db),
    deps.liveVersionTtlMs,
  );
  const appliedPosition = sharedAppliedPosition(
    (version) => readAppliedPosition(deps.db, version),
    deps.appliedPositionTtlMs,
  );
  const queryDeps = {
    db: deps.db,
    pipelines: deps.pipelines,
    liveVersion: liveVersionCache,
    appliedPosition,
    catalogTag: digest(JSON.stringify(deps.pipelines.list())),
    minPositionWaitMs: deps.minPositionWaitMs ?? 2000,
    answers: answerCache(deps.answerCacheBytes ?? 32 * 1024 * 1024),
  };
  funnelRoute(app, queryDeps);
  metricsSummaryRoute(app, queryDeps);
  metricsReasonsRoutes(app, queryDeps);
  metricsStageDurationsRoute(app, queryDeps);
  metricsTimeseriesRoute(app, queryDeps);
  pipelinesRoute(app, queryDeps);
  leadRoutes(app, queryDeps);
  healthRoute(app, queryDeps);
  const feed = changeFeed({
    // What the feed reads, the caches learn before any stream is told: a request sent on a
    // `changed` event is answered (and tagged) at that position or a later one.
    read: async () => {
      const position = await liveReadModelPosition(deps.db);
      if (position !== undefined) {
        liveVersionCache.observe(position.version);
        appliedPosition.observe(position.version, position.applied);
      }
      return position;
    },
    pollMs: deps.stream?.pollMs ?? 250,
    onError: (err) => deps.logger.warn({ err }, 'stream: reading the read-model position failed'),
  });
  app.addHook('onClose', (_app, done) => {
    feed.stop();
    done();
  });
  streamRoute(app, {
    feed,
    maxPerCaller: deps.stream?.maxPerCaller ?? 4,
    heartbeatMs: deps.stream?.heartbeatMs ?? 15_000,
  });
  if (deps.dashboardDir !== undefined) await dashboardRoute(app, deps.dashboardDir);
  registerProbes(app, { database: () => sql`SELECT 1`.execute(deps.db) });
  return app;
}
