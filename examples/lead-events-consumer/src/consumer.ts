import { decodeEvent, type DecodeErrorCode, type LeadEvent } from '@dealflow/events';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { memoryVersionStore, verdictFor, type VersionStore } from './dedupe.js';

/** What the example consumer needs. */
export interface LeadEventConsumerOptions {
  brokers: string[];
  /** Default `dealflow.lead-events`. */
  topic?: string;
  /** This service's own consumer group: never the projector's. */
  groupId: string;
  /** Read the topic from its first event when the group has no committed offsets (default). */
  fromBeginning?: boolean;
  /** Called once per `(leadId, version)`, in version order per lead. */
  onEvent: (event: LeadEvent) => Promise<void> | void;
  /** Default: in memory. */
  versions?: VersionStore;
}

/** Counts since start. */
export interface ConsumerStats {
  applied: number;
  duplicates: number;
  gaps: number;
  /** Records that are no readable event of this contract version, by decode error code. */
  skipped: Partial<Record<DecodeErrorCode, number>>;
}

/** A running consumer. */
export interface LeadEventConsumer {
  stats(): ConsumerStats;
  stop(): Promise<void>;
}

/**
 * Reads `dealflow.lead-events` in its own consumer group and hands each event to `onEvent`
 * exactly once per `(leadId, version)`: delivery is at least once, so repeats are recognised by
 * the lead's last handled version and skipped. Records that do not decode (a newer schema
 * version, an unknown type, broken bytes) are counted and skipped, never fatal. Offsets are
 * committed after `onEvent` resolves.
 */
export async function startLeadEventConsumer(
  options: LeadEventConsumerOptions,
): Promise<LeadEventConsumer> {
  const versions = options.versions ?? memoryVersionStore();
  const stats: ConsumerStats = { applied: 0, duplicates: 0, gaps: 0, skipped: {} };
  const kafka = new Kafka({
    clientId: options.groupId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
  });
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({
    topic: options.topic ?? 'dealflow.lead-events',
    fromBeginning: options.fromBeginning ?? true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEvent(message);
      if (!decoded.ok) {
        const { code } = decoded.error;
        stats.skipped[code] = (stats.skipped[code] ?? 0) + 1;
        return;
      }
      const { event } = decoded;
      const verdict = verdictFor(event, await versions.get(event.leadId));
      if (verdict === 'duplicate') {
        stats.duplicates += 1;
        return;
      }
      if (verdict === 'gap') stats.gaps += 1;
      await options.onEvent(event);
      await versions.set(event.leadId, event.version);
      stats.applied += 1;
    },
  });
  return {
    stats: () => structuredClone(stats),
    stop: () => consumer.disconnect(),
  };
}
