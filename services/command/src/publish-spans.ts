import type { LeadEvent } from '@dealflow/events';
import {
  contextOf,
  SpanKind,
  SpanStatusCode,
  traceparentOf,
  tracer,
  type Span,
} from '@dealflow/runtime';

/**
 * One producer span per published event, child of the trace its command started (the
 * `traceparent` in the event's metadata), and that span's own `traceparent` for the Kafka
 * record's headers, so a consumer continues the same trace. No-ops while tracing is off.
 */
export function publishSpans(topic: string, events: readonly LeadEvent[]) {
  const spans: Span[] = events.map((event) =>
    tracer('dealflow-relay').startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.message.id': event.id,
          'dealflow.lead_id': event.leadId,
          'dealflow.event_type': event.type,
        },
      },
      contextOf(event.metadata.traceparent),
    ),
  );
  return {
    /** The Kafka headers of event `i`: its span's `traceparent`, when traced. */
    headers(i: number): Record<string, string> {
      const span = spans[i];
      const traceparent = span === undefined ? undefined : traceparentOf(span);
      return traceparent === undefined ? {} : { traceparent };
    },
    /** Ends every span, as failed when `err` is given (the rows stay in the outbox). */
    end(err?: unknown): void {
      for (const span of spans) {
        if (err !== undefined) {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: err instanceof Error ? err.message : 'publish failed',
          });
        }
        span.end();
      }
    },
  };
}
