import type { Consumer, ConsumerRunConfig, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type {
  BatchHandler,
  ConsumedBatch,
  ConsumerOptions,
  KafkaConsumer,
  TopicAssignment,
  TopicPartitionOffset,
} from '../port.js';
import { toConsumedMessage } from './to-consumed-message.js';
import { toSafeNumber } from './to-safe-number.js';

/** Pause before restarting a consumer that kafkajs gave up on. */
const RESTART_DELAY_MS = 2_000;

/**
 * The port's `KafkaConsumer` over a kafkajs consumer, delivering whole batches (`eachBatch`):
 * per-message handlers stall heartbeats and cause rebalance storms.
 *
 * Kafka's committed offsets are hints (`autoCommit: false`, committed only by `commitOffsets`):
 * the handler's own store is the judge of what was applied, because kafkajs has no rebalance
 * listener and a late seek or a zombie member may replay records. Fetches favour latency: the
 * broker answers after `maxWaitMs` (100 ms) at most instead of kafkajs' 5 s.
 */
export function createKafkajsConsumer(
  kafka: Kafka,
  options: ConsumerOptions,
  logger: Logger,
): KafkaConsumer {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    maxBytesPerPartition: options.maxBatchBytes ?? 1024 * 1024,
    minBytes: options.minBytes ?? 1,
    maxWaitTimeInMs: options.maxWaitMs ?? 100,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.max(100, Math.floor((options.sessionTimeoutMs ?? 30_000) / 10)),
    allowAutoTopicCreation: false,
  });

  let runConfig: ConsumerRunConfig | undefined;
  let stopping = false;
  // kafkajs restarts a crashed consumer only when it deems the error retriable; some it does
  // not are transient (GroupCoordinatorNotFound while a broker restarts), and the member would
  // never consume again. Those are restarted here, every few seconds until one start succeeds.
  const selfRestarts = (restart: boolean) => !restart && !stopping && runConfig !== undefined;
  const restartLater = (config: ConsumerRunConfig): void => {
    setTimeout(() => {
      if (stopping) return;
      consumer
        .connect()
        .then(() => consumer.run(config))
        .catch((error: unknown) => {
          logger.warn({ err: error, groupId: options.groupId }, 'consumer restart failed');
          restartLater(config);
        });
    }, RESTART_DELAY_MS).unref();
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (runConfig !== undefined && selfRestarts(payload.restart)) {
      logger.warn({ err: payload.error, groupId: options.groupId }, 'restarting crashed consumer');
      restartLater(runConfig);
    }
  });

  return {
    async run(handler: BatchHandler): Promise<void> {
      await consumer.connect();
      await consumer.subscribe({
        topics: options.topics,
        fromBeginning: options.fromBeginning ?? false,
      });
      runConfig = {
        autoCommit: false,
        eachBatchAutoResolve: true,
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachBatch: (payload) => handler(toConsumedBatch(payload)),
      };
      await consumer.run(runConfig);
    },

    seek(topic: string, partition: number, offset: number): void {
      consumer.seek({ topic, partition, offset: String(offset) });
    },

    commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void> {
      return consumer.commitOffsets(
        offsets.map(({ topic, partition, offset }) => ({
          topic,
          partition,
          offset: String(offset),
        })),
      );
    },

    onAssignment(listener): () => void {
      return consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        const assignment: TopicAssignment[] = Object.entries(payload.memberAssignment).map(
          ([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }),
        );
        // Runs the listener synchronously (a seek in it applies before the first fetch) while
        // turning a throw or a rejection into a log line instead of breaking the group join.
        const notify = async (): Promise<void> => {
          await listener(assignment);
        };
        notify().catch((error: unknown) => {
          logger.error({ err: error, groupId: options.groupId }, 'assignment listener failed');
        });
      });
    },

    onCrash(listener): () => void {
      return consumer.on(consumer.events.CRASH, ({ payload }) => {
        listener(payload.error, payload.restart || selfRestarts(payload.restart));
      });
    },

    pause(topic: string, partition: number): void {
      consumer.pause([{ topic, partitions: [partition] }]);
    },

    resume(topic: string, partition: number): void {
      consumer.resume([{ topic, partitions: [partition] }]);
    },

    stop: () => {
      stopping = true;
      return consumer.stop();
    },
    close: () => {
      stopping = true;
      return consumer.disconnect();
    },
  };
}

function toConsumedBatch(payload: EachBatchPayload): ConsumedBatch {
  const { batch } = payload;
  return {
    topic: batch.topic,
    partition: batch.partition,
    messages: batch.messages.map(toConsumedMessage),
    highWatermark: toSafeNumber(batch.highWatermark, 'high watermark'),
    heartbeat: () => payload.heartbeat(),
    isRunning: () => payload.isRunning(),
    isStale: () => payload.isStale(),
  };
}
