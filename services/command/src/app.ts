import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import {
  createHttpApp,
  registerProbes,
  type HttpApp,
  type HttpSecurityOptions,
  type Logger,
} from '@dealflow/runtime';
import { sql, type Kysely } from 'kysely';
import type { RelayStats } from './relay.js';
import { CommandWriter } from './command-writer.js';
import { importRoute } from './imports/import-route.js';
import { commandRoutes } from './routes/command-routes.js';
import { registerOutboxMetrics } from './outbox-metrics.js';
import { healthRoute } from './routes/health.js';
import { leadQueryRoutes } from './routes/lead-queries.js';

/** What the command app needs; everything with I/O is passed in, so tests use real ones. */
export interface CommandAppDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  logger: Logger;
  /** Authentication, rate limit, CORS (`config.security`; tests: `DEALFLOW_AUTH=off`). */
  security: HttpSecurityOptions;
  /** How long an idempotency key is remembered (default 24 h). */
  idempotencyTtlHours?: number;
  /** How far a command's `occurredAt` may lie in the future (default 5 min). */
  maxClockSkewMs?: number;
  /** The clock (default the system's). */
  now?: () => Date;
  /** The stats of this process's relay, for `/health`. */
  relayStats?: () => RelayStats;
  /** Called after each commit that appended events: the in-process relay's wake-up hint. */
  onAppended?: () => void;
  /** Group commit: most commands per batch, and batches written at once. */
  batch?: { maxBatch?: number; maxInFlight?: number };
}

/** Largest accepted request body: commands are small, anything bigger is a mistake or abuse. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Builds the command service's HTTP app (not listening): the lead commands (scope
 * `leads:write`), the event-store reads (`leads:read` or `leads:write`), `/health` and the
 * OpenAPI 3.1 document at `/docs/json` (public).
 *
 * @example
 * const app = await buildCommandApp({ db, pipelines: loadPipelines(), logger, security });
 * const res = await app.inject({ method: 'POST', url: '/v1/leads', payload: { name: 'Acme', amount } });
 */
export async function buildCommandApp(deps: CommandAppDeps): Promise<HttpApp> {
  const app = await createHttpApp({
    logger: deps.logger,
    title: 'dealflow command API',
    description:
      'Accepts commands on leads, decides them against the event store and appends their events ' +
      '(published to Kafka by the outbox relay).',
    version: '1.0.0',
    bodyLimit: BODY_LIMIT_BYTES,
    security: deps.security,
    metrics: true,
  });
  const now = deps.now ?? (() => new Date());
  const writer = new CommandWriter({
    db: deps.db,
    pipelines: deps.pipelines,
    idempotencyTtlHours: deps.idempotencyTtlHours ?? 24,
    maxClockSkewMs: deps.maxClockSkewMs ?? 300_000,
    now,
    logger: deps.logger,
    onAppended: deps.onAppended,
    ...deps.batch,
  });
  const commandDeps = { db: deps.db, pipelines: deps.pipelines, writer, now };
  commandRoutes(app, commandDeps);
  importRoute(app, commandDeps);
  leadQueryRoutes(app, commandDeps);
  healthRoute(app, deps);
  registerOutboxMetrics(app.metricsRegistry, deps.db);
  // Ready while Postgres answers: commands are accepted even while Kafka is down (the outbox).
  registerProbes(app, { database: () => sql`SELECT 1`.execute(deps.db) });
  return app;
}
