import type { LeadEvent } from '@dealflow/events';
import type { FoldOutcome } from '@dealflow/read-models';
import { contextOf, SpanKind, tracer } from '@dealflow/runtime';
import type { PositionedRecord } from './positioned-record.js';

/**
 * After a chunk committed: one consumer span per applied event, child of the trace its record
 * carried (the relay's `traceparent` header, else the event's own metadata), from the chunk's
 * start to its commit. The trace of a command then runs from its HTTP request through the relay
 * to the read models. No-ops while tracing is off; a rebuild records none.
 */
export function recordApplySpans(
  started: number,
  events: readonly LeadEvent[],
  sources: readonly (PositionedRecord | number)[],
  outcomes: readonly FoldOutcome[],
): void {
  events.forEach((event, i) => {
    if (outcomes[i]?.kind !== 'applied') return;
    const source = sources[i];
    const traceparent =
      (typeof source === 'object' ? source.raw.headers.traceparent : undefined) ??
      event.metadata.traceparent;
    if (traceparent === undefined) return;
    tracer('dealflow-projector')
      .startSpan(
        `apply ${event.type}`,
        {
          kind: SpanKind.CONSUMER,
          startTime: started,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.message.id': event.id,
            'dealflow.lead_id': event.leadId,
            'dealflow.lead_version': event.version,
          },
        },
        contextOf(traceparent),
      )
      .end();
  });
}
