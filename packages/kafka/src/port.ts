/**
 * The Kafka port: the few operations the relay, the projector and ops tools need, with no client
 * library types in it, so the client (kafkajs today) can be swapped after measurement.
 *
 * Offsets are JS numbers. Kafka offsets are int64, but a partition would need 2^53 (9 × 10^15)
 * records to overflow a double; adapters throw rather than round if that ever happens.
 */
import type { Buffer } from 'node:buffer';

/** Creates the admin, producers and consumers of one cluster. */
export interface KafkaClient {
  /** The admin client (connects lazily on first use). */
  admin(): KafkaAdmin;
  /** A connected producer: acks from all in-sync replicas, per-key order kept across retries. */
  producer(options?: ProducerOptions): Promise<KafkaProducer>;
  /** A consumer in a group; nothing is fetched until `run`. */
  consumer(options: ConsumerOptions): KafkaConsumer;
}

/** Topic administration. Topics are always created explicitly, never auto-created. */
export interface KafkaAdmin {
  /** Creates the topic when missing; an existing topic is left exactly as it is (see result). */
  ensureTopic(options: EnsureTopicOptions): Promise<EnsureTopicResult>;
  /** Per partition, the first (`low`) and the next-to-be-written (`high`) offset. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** The topic's effective configuration (`retention.ms`, `cleanup.policy`, …). */
  topicConfig(topic: string): Promise<Record<string, string>>;
  /** Deletes the topic; a topic that does not exist is not an error. */
  deleteTopic(topic: string): Promise<void>;
  close(): Promise<void>;
}

/** What `ensureTopic` should create. */
export interface EnsureTopicOptions {
  topic: string;
  partitions: number;
  /** `retention.ms`; default -1 (keep forever: the topic's history is replayable). */
  retentionMs?: number;
  /** Default min(3, number of brokers). */
  replicationFactor?: number;
  /** More topic configs, e.g. `{ 'min.insync.replicas': '2' }`. */
  extraConfig?: Record<string, string>;
}

/** What `ensureTopic` found or made. */
export interface EnsureTopicResult {
  created: boolean;
  /** The topic's actual partition count (may differ from the request for an existing topic). */
  partitions: number;
}

/** The offset range of one partition. */
export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

/** Producer settings. */
export interface ProducerOptions {
  /** Idempotent produce (no duplicates from internal retries); default true. */
  idempotent?: boolean;
}

/** A record to produce. Records with the same key go to the same partition, in order. */
export interface KafkaRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

/** Where a `send` wrote, per partition. */
export interface PartitionAck {
  partition: number;
  /** The offset of the first record written to this partition by the `send`. */
  baseOffset: number;
}

/** Sends records; one producer at a time per ordered stream (see the relay's advisory lock). */
export interface KafkaProducer {
  /** Resolves once every record is acknowledged by all in-sync replicas; rejects otherwise. */
  send(topic: string, records: readonly KafkaRecord[]): Promise<PartitionAck[]>;
  close(): Promise<void>;
}

/** Consumer settings. */
export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts: earliest (true) or latest (default). */
  fromBeginning?: boolean;
  /** Upper bound of one batch (bytes fetched per partition); default 1 MiB. */
  maxBatchBytes?: number;
  /** The broker answers a fetch once this many bytes are ready…; default 1. */
  minBytes?: number;
  /** …or after this long; default 100 ms (latency over throughput). */
  maxWaitMs?: number;
  /** How many partitions' batches the handler may process at once; default 1. */
  concurrency?: number;
  /**
   * How long the group waits for a silent member before moving its partitions (default 30 s;
   * heartbeats every tenth of it). Shorter: faster failover, more false alarms on a busy host.
   */
  sessionTimeoutMs?: number;
}

/**
 * One consumed record. `headers` values are UTF-8 text; a repeated header keeps its last value.
 * An adapter may decode them on first read (an accessor): read fields, do not spread a message.
 */
export interface ConsumedMessage {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Record timestamp, ms since the epoch. */
  timestamp: number;
}

/** Records of one topic-partition, in offset order. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
  /** The partition's next-to-be-written offset when fetched (lag = highWatermark - next offset). */
  highWatermark: number;
  /** Tells the group this member is alive; call it during long batches. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping: finish quickly (or throw to have the batch redelivered). */
  isRunning(): boolean;
  /** True when a `seek` on this partition made the batch obsolete: stop processing it. */
  isStale(): boolean;
}

/**
 * Processes one batch. Returning means the whole batch was handled; throwing has it delivered
 * again (after retries the consumer restarts, see `onCrash`). Delivery is at least once, and a
 * rebalance may replay records: the handler's own store decides what was already applied.
 */
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

/** A topic-partition and an offset (for commits: the next offset to consume). */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** The partitions of one topic assigned to this member. */
export interface TopicAssignment {
  topic: string;
  partitions: number[];
}

/** A group member consuming batches. */
export interface KafkaConsumer {
  /** Connects, joins the group and starts delivering batches; resolves once started. */
  run(handler: BatchHandler): Promise<void>;
  /** Moves the fetch position of a partition (only while running; applied before the next fetch). */
  seek(topic: string, partition: number, offset: number): void;
  /** Records the group's position in Kafka — a hint for tools; the handler's store is the judge. */
  commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /**
   * Called with this member's whole assignment after every group join (a rebalance included).
   * Batches may already flow while an async listener runs. Returns an unsubscribe function.
   */
  onAssignment(listener: (assignment: TopicAssignment[]) => void | Promise<void>): () => void;
  /** Called when the consumer crashes; `restarting` says whether it restarts by itself. */
  onCrash(listener: (error: Error, restarting: boolean) => void): () => void;
  /** Stops fetching a partition (a batch already fetched may still be delivered). */
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  /** Stops consuming and leaves the group (the connection stays open until `close`). */
  stop(): Promise<void>;
  /** Stops and disconnects. */
  close(): Promise<void>;
}
