import { encodeEvent, type LeadEvent } from '@dealflow/events';
import type { KafkaProducer, PartitionAck } from './port.js';

/**
 * Encodes lead events (key = leadId, JSON envelope, CloudEvents headers) and sends them in one
 * request, in the given order — so one lead's events land on one partition in version order.
 *
 * @param source the CloudEvents `source`, e.g. `dealflow/command`
 * @throws TypeError from `encodeEvent` when an event breaks the contract (nothing is sent)
 *
 * @example
 * await publishEvents(producer, config.KAFKA_TOPIC, events, 'dealflow/command');
 */
export function publishEvents(
  producer: KafkaProducer,
  topic: string,
  events: readonly LeadEvent[],
  source: string,
  /** More headers of one event's record, e.g. its `traceparent`. */
  extraHeaders?: (event: LeadEvent, index: number) => Record<string, string>,
): Promise<PartitionAck[]> {
  const records = events.map((event, i) => {
    const record = encodeEvent(event, { source });
    return extraHeaders === undefined
      ? record
      : { ...record, headers: { ...record.headers, ...extraHeaders(event, i) } };
  });
  return producer.send(topic, records);
}
