import type { Database } from '@dealflow/db';
import { liveVersion } from '@dealflow/read-models';
import type { Kysely } from 'kysely';

/**
 * How a `live` projector follows the live version when idle. Each chunk checks, under the
 * live feed lock, that its version is still live (`whileLive`); this timer-driven check reads
 * the live version at most once per `intervalMs`, one read at a time, and hands it to
 * `follow`, so an idle projector re-targets too and status and metrics name the right version
 * without traffic.
 */
export class LiveVersionCheck {
  readonly #db: Kysely<Database>;
  readonly #intervalMs: number;
  readonly #follow: (live: number | undefined) => Promise<void>;
  #checkedAt = 0;
  #running: Promise<void> | undefined;

  constructor(
    db: Kysely<Database>,
    intervalMs: number,
    follow: (live: number | undefined) => Promise<void>,
  ) {
    this.#db = db;
    this.#intervalMs = intervalMs;
    this.#follow = follow;
  }

  /** Reads the live version and follows it, unless it was read less than the interval ago. */
  run(): Promise<void> {
    if (Date.now() - this.#checkedAt < this.#intervalMs) return Promise.resolve();
    this.#running ??= liveVersion(this.#db)
      .then(this.#follow)
      .finally(() => {
        this.#checkedAt = Date.now();
        this.#running = undefined;
      });
    return this.#running;
  }
}
