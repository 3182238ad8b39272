import { RELAY_LOCK_KEY } from '@dealflow/db';
import type { LeadEvent } from '@dealflow/events';
import { publishEvents, type KafkaAdmin, type KafkaProducer } from '@dealflow/kafka';
import type { Logger } from '@dealflow/runtime';
import { pino } from 'pino';
import type pg from 'pg';
import { Histogram, type Registry } from 'prom-client';
import { rowToPublishedEnvelope } from './event-store.js';
import { publishSpans } from './publish-spans.js';
import {
  relaySettings,
  SELECT_BATCH,
  type OutboxEventRow,
  type OutboxRelayOptions,
  type RelaySettings,
  type RelayStats,
} from './relay-options.js';
import { Wakeup } from './wakeup.js';

export type { OutboxRelayOptions, RelayStats } from './relay-options.js';

/**
 * Publishes the transactional outbox to Kafka, at least once and in per-lead order.
 *
 * - One active relay across all processes: it holds `pg_try_advisory_lock(RELAY_LOCK_KEY)` on a
 *   dedicated connection and runs every outbox query on that same connection, so losing the
 *   connection means losing the lock and stopping at once; the others stand by and retry.
 * - Gap-safe: published rows are DELETED, and each scan reads whatever rows remain, in position
 *   order — there is no "last position seen". A transaction that drew position 100 but commits
 *   after 101 was published simply has its row found by a later scan. Per-lead order still
 *   holds: a lead's version n+1 can only be written after version n committed (the writer read
 *   it), so n's row is visible — or already published — whenever n+1's is.
 * - Kafka down: the same rows are retried with capped exponential back-off; nothing is deleted
 *   until Kafka acknowledged them, and the API keeps appending meanwhile.
 * - A crash between publish and delete republishes the batch: consumers skip duplicates by
 *   `(leadId, version)`.
 */
export class OutboxRelay {
  readonly #opts: RelaySettings;
  #publishSeconds: Histogram<'outcome'> | undefined;
  readonly #log: Logger;
  readonly #wakeup = new Wakeup();
  #stopping = false;
  #stopped: Promise<void> = Promise.resolve();
  #onStop: () => void = () => undefined;
  #loop: Promise<void> | undefined;
  #client: pg.PoolClient | undefined;
  #producer: KafkaProducer | undefined;
  #admin: KafkaAdmin | undefined;
  #stats: RelayStats = {
    state: 'stopped',
    publishedTotal: 0,
    batches: 0,
    lastPublishedAt: null,
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
  };

  constructor(options: OutboxRelayOptions) {
    this.#opts = relaySettings(options);
    this.#log = options.logger.child({ component: 'outbox-relay' });
  }

  /** Adds the publish-latency histogram to a Prometheus registry (the command service's). */
  registerMetrics(registry: Registry): void {
    this.#publishSeconds = new Histogram({
      name: 'dealflow_relay_publish_seconds',
      help: 'From sending an outbox batch to Kafka to its acknowledgement, by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  /** Starts relaying in the background (standby until it holds the lock). */
  start(): void {
    if (this.#loop) return;
    this.#stopping = false;
    this.#stopped = new Promise((resolve) => (this.#onStop = resolve));
    this.#stats.state = 'standby';
    this.#loop = this.#run().catch((err: unknown) => {
      this.#log.error({ err }, 'relay loop failed');
    });
  }

  /**
   * Stops after the current batch (its rows are deleted only if Kafka acknowledged them), then
   * releases the lock and closes the producer. Past `stopTimeoutMs` the lock connection is
   * dropped anyway: an unfinished batch stays in the outbox for the next relay.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#onStop();
    this.#wakeup.notify();
    const loop = this.#loop;
    if (loop) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.#opts.stopTimeoutMs);
      });
      if ((await Promise.race([loop, timedOut])) === 'timeout') {
        this.#log.warn(
          { timeoutMs: this.#opts.stopTimeoutMs },
          'relay batch unfinished at stop; left in the outbox',
        );
        this.#client?.release(true);
        this.#client = undefined;
      }
      clearTimeout(timer);
    }
    this.#loop = undefined;
    this.#stats.state = 'stopped';
    const producer = this.#producer;
    const admin = this.#admin;
    this.#producer = undefined;
    this.#admin = undefined;
    await Promise.allSettled([producer?.close(), admin?.close()]);
  }

  /**
   * A hint that rows were just committed to the outbox: ends the current wait. The appending
   * code calls it after its commit, in-process, so the hint costs nothing in the database; a
   * relay in another process finds the rows on its next scan (adaptive poll).
   */
  wake(): void {
    this.#wakeup.notify();
  }

  /** A snapshot of what the relay has done. */
  stats(): RelayStats {
    return { ...this.#stats };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      const client = await this.#acquireLock();
      if (client === undefined) return;
      this.#client = client;
      this.#stats.state = 'active';
      this.#log.info('relay holds the outbox lock; publishing');
      try {
        await this.#drain(client);
      } catch (err) {
        this.#recordError(err);
        this.#log.error({ err }, 'relay lost its database session; retrying');
      } finally {
        // Destroying the connection releases the advisory lock.
        if (this.#client === client) client.release(true);
        this.#client = undefined;
        this.#stats.state = 'standby';
      }
      if (!this.#stopping) await this.#sleep(this.#opts.lockRetryMs);
    }
  }

  /** Connects and tries the lock until it is held (returns the connection) or the relay stops. */
  async #acquireLock(): Promise<pg.PoolClient | undefined> {
    while (!this.#stopping) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.#opts.pool.connect();
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS locked',
          [RELAY_LOCK_KEY.toString()],
        );
        if (rows[0]?.locked === true) {
          // A checked-out client without an error listener would crash the process on a reset.
          client.on('error', (err) => {
            this.#recordError(err);
            this.#wakeup.notify();
          });
          return client;
        }
        client.release();
      } catch (err) {
        client?.release(true);
        this.#recordError(err);
        this.#log.warn({ err }, 'relay cannot reach Postgres; retrying');
      }
      await this.#sleep(this.#opts.lockRetryMs);
    }
    return undefined;
  }

  /**
   * Scans until stopped. The outbox table is the truth, so the relay polls it: at once after a
   * full batch, else after a wait that starts at `minPollMs` once rows were found and doubles
   * with every empty scan up to `pollMs`. `wake()` ends a wait early. No NOTIFY: it would take
   * Postgres's cluster-wide notify lock at the commit of every appending transaction.
   */
  async #drain(client: pg.PoolClient): Promise<void> {
    let waitMs = this.#opts.minPollMs;
    while (!this.#stopping) {
      const published = await this.#publishBatch(client);
      if (published >= this.#opts.batchSize) continue;
      waitMs = published > 0 ? this.#opts.minPollMs : Math.min(waitMs * 2, this.#opts.pollMs);
      await this.#wakeup.wait(waitMs);
    }
  }

  /** Publishes the oldest outbox rows and deletes them; returns how many (0 when stopping). */
  async #publishBatch(client: pg.PoolClient): Promise<number> {
    const { rows } = await client.query<OutboxEventRow>(SELECT_BATCH, [this.#opts.batchSize]);
    if (rows.length === 0) return 0;
    const events = rows.map(rowToPublishedEnvelope);
    if (!(await this.#publishWithRetry(events))) return 0;
    if (this.#opts.faultExitAfterPublish) {
      // The process dies on the next line, and pino's stdout writes are asynchronous (its
      // flush does not wait for a write in flight): this one line goes out synchronously.
      pino({ timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: true }))
        .child(this.#log.bindings())
        .fatal({ count: rows.length }, 'RELAY_FAULT_EXIT_AFTER_PUBLISH: killing the process');
      process.kill(process.pid, 'SIGKILL');
      return 0; // never reached in practice: the delete must not happen either way
    }
    const positions = rows.map((row) => row.position);
    await client.query('DELETE FROM outbox WHERE position = ANY($1::bigint[])', [positions]);
    this.#stats.publishedTotal += rows.length;
    this.#stats.batches += 1;
    this.#stats.lastPublishedAt = new Date().toISOString();
    this.#log.info(
      { count: rows.length, firstPosition: positions[0], lastPosition: positions.at(-1) },
      'published outbox batch',
    );
    return rows.length;
  }

  /** Sends the events until Kafka acknowledges them; false when the relay stops first. */
  async #publishWithRetry(events: readonly LeadEvent[]): Promise<boolean> {
    for (let attempt = 0; !this.#stopping; attempt++) {
      const spans = publishSpans(this.#opts.topic, events);
      const timer = this.#publishSeconds?.startTimer();
      try {
        const producer = await this.#connectProducer();
        await publishEvents(producer, this.#opts.topic, events, this.#opts.source, (_e, i) =>
          spans.headers(i),
        );
        timer?.({ outcome: 'acked' });
        spans.end();
        this.#stats.consecutiveFailures = 0;
        return true;
      } catch (err) {
        timer?.({ outcome: 'failed' });
        spans.end(err);
        this.#recordError(err);
        this.#stats.consecutiveFailures += 1;
        const delayMs = Math.min(this.#opts.maxBackoffMs, 100 * 2 ** attempt);
        this.#log.warn(
          { err, attempt, delayMs, pending: events.length },
          'Kafka publish failed; the rows stay in the outbox and are retried',
        );
        await this.#sleep(delayMs);
      }
    }
    return false;
  }

  async #connectProducer(): Promise<KafkaProducer> {
    if (this.#producer) return this.#producer;
    if (this.#opts.partitions !== undefined) {
      this.#admin ??= this.#opts.kafka.admin();
      await this.#admin.ensureTopic({ topic: this.#opts.topic, partitions: this.#opts.partitions });
    }
    this.#producer = await this.#opts.kafka.producer();
    return this.#producer;
  }

  #recordError(err: unknown): void {
    this.#stats.lastError = err instanceof Error ? err.message : String(err);
    this.#stats.lastErrorAt = new Date().toISOString();
  }

  /** Waits `ms`, or less if the relay is stopping (notifications do not cut it short). */
  #sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
      this.#stopped,
    ]).finally(() => clearTimeout(timer));
  }
}
