import type { Database } from '@dealflow/db';
import type { KafkaAdmin, KafkaClient, KafkaProducer, KafkaRecord } from '@dealflow/kafka';
import {
  claimUnpublished,
  liveVersion,
  markPublished,
  type ParkedRow,
} from '@dealflow/read-models';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';

type Row = ParkedRow;

/** Headers a dead-letter record carries beside the original ones. */
export const DLQ_HEADERS = {
  errorCode: 'dealflow-error-code',
  error: 'dealflow-error',
  topic: 'dealflow-origin-topic',
  partition: 'dealflow-origin-partition',
  offset: 'dealflow-origin-offset',
  parkedId: 'dealflow-parked-id',
  version: 'dealflow-read-model-version',
} as const;

/** The dead-letter topic of a topic: `<topic>.dlq`. */
export const dlqTopicOf = (topic: string): string => `${topic}.dlq`;

/** What {@link DlqPublisher} needs. */
export interface DlqPublisherOptions {
  db: Kysely<Database>;
  kafka: KafkaClient;
  admin: KafkaAdmin;
  /** The lead-event topic; dead letters go to `<topic>.dlq`. */
  topic: string;
  logger: Logger;
  /** How often to look for unpublished dead letters (default 1 s). */
  intervalMs?: number;
  /** Dead letters per send (default 500). */
  batchSize?: number;
}

/** The dead letter as a record: original key, value and headers, plus why and where from. */
function dlqRecord(version: number, row: Row): KafkaRecord {
  return {
    key: row.key,
    value: row.value,
    headers: {
      ...row.headers,
      [DLQ_HEADERS.errorCode]: row.error_code,
      [DLQ_HEADERS.error]: row.error.slice(0, 2_000),
      [DLQ_HEADERS.topic]: row.topic,
      [DLQ_HEADERS.partition]: String(row.partition),
      [DLQ_HEADERS.offset]: String(row.offset),
      [DLQ_HEADERS.parkedId]: String(row.id),
      [DLQ_HEADERS.version]: String(version),
    },
  };
}

/**
 * Publishes the live version's dead letters to `<topic>.dlq`, for the teams that watch a
 * shared Kafka. The parked-events table is the outbox: rows are picked unpublished in id order
 * (`FOR UPDATE SKIP LOCKED`, so two projector instances never send the same row at once), sent,
 * and marked published in the same transaction — at least once: a crash between send and
 * commit sends them again, recognisable by origin topic/partition/offset. The topic is created
 * here (same partition count as the lead-event topic) rather than relying on auto-create.
 */
export class DlqPublisher {
  readonly #opts: Required<DlqPublisherOptions>;
  readonly #dlqTopic: string;
  #producer: KafkaProducer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #published = 0;

  constructor(options: DlqPublisherOptions) {
    this.#opts = { intervalMs: 1_000, batchSize: 500, ...options };
    this.#dlqTopic = dlqTopicOf(options.topic);
  }

  get topic(): string {
    return this.#dlqTopic;
  }

  /** Dead letters sent since start. */
  get published(): number {
    return this.#published;
  }

  async start(): Promise<void> {
    const partitions = (await this.#opts.admin.topicOffsets(this.#opts.topic)).length;
    await this.#opts.admin.ensureTopic({
      topic: this.#dlqTopic,
      partitions: Math.max(1, partitions),
    });
    this.#producer = await this.#opts.kafka.producer();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.publishPending()
        .then(() => undefined)
        .catch((err: unknown) => {
          // Kafka or Postgres away: nothing was marked, the next round sends them.
          this.#opts.logger.warn({ err }, 'dead letters not published yet; will retry');
        })
        .finally(() => this.#schedule());
    }, this.#opts.intervalMs);
  }

  /** Sends every unpublished dead letter of the live version now; returns how many. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.#publishBatch();
      total += sent;
      if (sent < this.#opts.batchSize) return total;
    }
  }

  async #publishBatch(): Promise<number> {
    const producer = this.#producer;
    if (producer === undefined) throw new Error('dead-letter publisher not started');
    const { db, batchSize, logger } = this.#opts;
    return db.transaction().execute(async (trx) => {
      const version = await liveVersion(trx);
      if (version === undefined) return 0;
      const rows = await claimUnpublished(trx, version, batchSize);
      if (rows.length === 0) return 0;
      await producer.send(
        this.#dlqTopic,
        rows.map((r) => dlqRecord(version, r)),
      );
      await markPublished(
        trx,
        version,
        rows.map((r) => r.id),
      );
      this.#published += rows.length;
      logger.info(
        { topic: this.#dlqTopic, records: rows.length, version },
        'dead letters published',
      );
      return rows.length;
    });
  }

  /** Stops the loop after the round in flight; closes the producer. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
    await this.#producer?.close();
    this.#producer = undefined;
  }
}
