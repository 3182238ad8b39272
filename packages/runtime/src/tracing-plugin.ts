import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server span (a no-op span while tracing is off). */
    span: Span | null;
  }
}

/**
 * A server span per request, child of the caller's `traceparent` when it sent one, named by
 * the route template, kept on `request.span` so that what the handler causes (the events a
 * command appends) carries its trace context on. The hooks after this one run inside it too.
 */
function tracing(app: FastifyInstance, _opts: unknown, done: (err?: Error) => void): void {
  app.decorateRequest('span', null);
  app.addHook('onRequest', (request, _reply, next) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = trace.getTracer('dealflow-http').startSpan(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.url.split('?')[0],
        },
      },
      parent,
    );
    request.span = span;
    context.with(trace.setSpan(parent, span), next);
  });
  app.addHook('onResponse', (request, reply, next) => {
    request.span?.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) request.span?.setStatus({ code: SpanStatusCode.ERROR });
    request.span?.end();
    next();
  });
  done();
}

/** OpenTelemetry server spans for every route (no-ops while tracing is off). */
export const tracingPlugin = fp(tracing, { name: 'dealflow-tracing', fastify: '5.x' });
