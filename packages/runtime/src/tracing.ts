import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';

export { SpanKind, SpanStatusCode, type Span };

/** The tracing settings every service shares (OpenTelemetry's own variable names). */
export const tracingConfigSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url()
    .optional()
    .describe(
      'OTLP/HTTP collector (e.g. http://otel-collector:4318): traces are exported there; ' +
        'tracing is off when absent',
    ),
});

/** What {@link startTracing} needs. */
export interface TracingOptions {
  serviceName: string;
  /** The OTLP/HTTP collector's base URL; traces go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /** Another exporter instead (tests: an in-memory one), spans exported as they end. */
  exporter?: SpanExporter;
}

/** Stops tracing, exporting what is still buffered. */
export type StopTracing = () => Promise<void>;

/**
 * Starts OpenTelemetry tracing for this process when an OTLP endpoint (or an exporter) is
 * given, with W3C trace context propagation; otherwise tracing stays off and every span below
 * is a no-op that costs next to nothing.
 */
export function startTracing(opts: TracingOptions): StopTracing {
  if (opts.exporter === undefined && opts.otlpEndpoint === undefined) return async () => {};
  const processor =
    opts.exporter === undefined
      ? new BatchSpanProcessor(
          new OTLPTraceExporter({ url: `${opts.otlpEndpoint?.replace(/\/$/, '')}/v1/traces` }),
        )
      : new SimpleSpanProcessor(opts.exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  return () => provider.shutdown();
}

/**
 * The tracer of one part of dealflow (`dealflow-relay`, …). Ask for it where a span starts,
 * never once at import: a tracer taken before `startTracing` may stay a no-op (the API's
 * ES module and the SDK's CommonJS copy keep separate proxies).
 */
export const tracer = (name: string) => trace.getTracer(name);

/** The W3C `traceparent` of the active span (or of `span`), if one is being traced. */
export function traceparentOf(span?: Span): string | undefined {
  const carrier: Record<string, string> = {};
  const ctx = span === undefined ? context.active() : trace.setSpan(context.active(), span);
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** The context a `traceparent` names, to start child spans in (the root context without one). */
export function contextOf(traceparent: string | undefined): Context {
  return traceparent === undefined
    ? ROOT_CONTEXT
    : propagation.extract(ROOT_CONTEXT, { traceparent });
}
