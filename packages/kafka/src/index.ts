export { decodeBatch, type DecodedMessage } from './decode-batch.js';
export { kafkaConfigSchema, loadKafkaConfig, type KafkaConfig } from './kafka-config.js';
export { createKafkaClient, type KafkaClientOptions } from './kafkajs/create-kafka-client.js';
export type {
  BatchHandler,
  ConsumedBatch,
  ConsumedMessage,
  ConsumerOptions,
  EnsureTopicOptions,
  EnsureTopicResult,
  KafkaAdmin,
  KafkaClient,
  KafkaConsumer,
  KafkaProducer,
  KafkaRecord,
  PartitionAck,
  PartitionOffsets,
  ProducerOptions,
  TopicAssignment,
  TopicPartitionOffset,
} from './port.js';
export { publishEvents } from './publish-events.js';
