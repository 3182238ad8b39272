import type { Database } from '@dealflow/db';
import { liveVersion, refreshWonStats, staleWonStats } from '@dealflow/read-models';
import type { Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';

/** What {@link WonStatsRefresher} needs. */
export interface WonStatsRefresherOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** How long to wait after a round that left nothing stale (default 1 s). */
  intervalMs?: number;
  /**
   * Rows per round (default 50). A full round is followed by the next after as long as it
   * took: while rows wait, the loop is busy at most half the time.
   */
  batchSize?: number;
}

/**
 * Keeps the all-time won-deal statistics of the live read-model version current
 * (`won_stats_total`): every write that changes a cell's won deals marks its row stale, and
 * this loop recomputes stale rows, off the write path. A summary with no date bound then reads
 * one row; while a row is stale the query side computes the same numbers itself. Under a
 * steady stream of wins the cells of the busiest rollups are stale again within a round, so
 * the loop runs in rounds rather than after every write, and is busy at most half the time.
 * After a switch to a rebuilt version every row is stale: the loop logs how many are left and
 * its rate.
 */
export class WonStatsRefresher {
  readonly #opts: Required<WonStatsRefresherOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #refreshed = 0;

  constructor(options: WonStatsRefresherOptions) {
    this.#opts = { intervalMs: 1_000, batchSize: 50, ...options };
  }

  /** Rows refreshed since start. */
  get refreshed(): number {
    return this.#refreshed;
  }

  start(): void {
    this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      let next = this.#opts.intervalMs;
      const started = performance.now();
      this.#running = this.#round()
        .then((full) => {
          if (full) next = performance.now() - started;
        })
        .catch((err: unknown) => {
          this.#opts.logger.warn({ err }, 'won-deal statistics not refreshed yet; will retry');
        })
        .finally(() => this.#schedule(next));
    }, delayMs);
  }

  /** One round on the live version; true when it took a full batch (more may wait). */
  async #round(): Promise<boolean> {
    const { db, batchSize, logger } = this.#opts;
    const version = await liveVersion(db);
    if (version === undefined) return false;
    const started = performance.now();
    const n = await refreshWonStats(db, version, batchSize);
    this.#refreshed += n;
    if (n === batchSize) {
      const left = await staleWonStats(db, version);
      const perSecond = n / ((performance.now() - started) / 1_000);
      logger.info(
        {
          version,
          refreshed: n,
          left,
          perSecond: Math.round(perSecond),
          etaSeconds: Math.round(left / perSecond),
        },
        'won-deal statistics refreshed',
      );
    }
    return n === batchSize;
  }

  /** Stops the loop after the round in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
  }
}
