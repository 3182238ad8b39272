import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's Prometheus registry: its own collectors join the HTTP and process ones. */
    metricsRegistry: Registry;
  }
}

/**
 * Shares one `read` among the collectors of one scrape (prom-client calls them together), so
 * several gauges filled from one query cost one query per scrape.
 */
export function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= read().finally(() => setImmediate(() => (pending = undefined))));
}

/** Seconds; from a cached answer (~1 ms) to a slow rebuild request. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function metrics(app: FastifyInstance, _opts: unknown, done: (err?: Error) => void): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: BUCKETS,
    registers: [registry],
  });
  app.decorate('metricsRegistry', registry);
  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: ids in paths would explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      // Operations' scrape target, not part of the REST contract.
      schema: { hide: true },
    },
    async (_request, reply) => {
      void reply.type(registry.contentType);
      return registry.metrics();
    },
  );
  done();
}

/**
 * Prometheus metrics for a service (prom-client): `GET /metrics` (public, like `/health`),
 * a request-duration histogram by route template and status, Node's process and event-loop
 * metrics, and `app.metricsRegistry` for the service's own collectors.
 */
export const metricsPlugin = fp(metrics, { name: 'dealflow-metrics', fastify: '5.x' });
