export type { KafkaClientOptions } from './client-options.js';
export { createKafkaClient } from './create-kafka-client.js';
export { decodeBatch, type DecodedMessage } from './decode-batch.js';
export {
  brokerListSchema,
  kafkaConfigSchema,
  loadKafkaConfig,
  type KafkaConfig,
} from './kafka-config.js';
export {
  defaultKafkaClient,
  kafkaClientKinds,
  kafkaConnectionConfigSchema,
  kafkaConnectionFromEnv,
  kafkaConnectionFromPlain,
  kafkaConnectionToPlain,
  saslMechanisms,
  Secret,
  type KafkaClientKind,
  type KafkaConnection,
  type KafkaSasl,
  type KafkaTls,
  type PlainKafkaConnection,
  type SaslMechanism,
} from './kafka-connection.js';
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
