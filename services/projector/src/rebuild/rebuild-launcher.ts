import type { Logger } from '@dealflow/runtime';
import type { RebuildProgress } from './rebuild-progress.js';
import {
  startRebuild,
  type RebuildOptions,
  type RebuildSource,
  type RebuildWorkersOptions,
  type RunningRebuild,
} from './start-rebuild.js';

/** Where consumer threads of a rebuild connect (`RebuildOptions.workers` without the count). */
export type RebuildThreadsConnect = Omit<RebuildWorkersOptions, 'count'>;

/** What `POST /v1/ops/rebuild` answers. */
export interface LaunchedRebuild {
  version: number;
  source: RebuildSource;
  resumed: boolean;
  /** True when this process was already running that rebuild (nothing new started). */
  alreadyRunning: boolean;
}

/**
 * Runs rebuilds inside the projector process for the ops endpoint: one at a time (a second
 * request gets the running one back), progress logged every few seconds, the outcome logged.
 * Across processes the rebuild lock refuses a second rebuild (`RebuildBusyError`).
 */
export class RebuildLauncher {
  readonly #base: Omit<RebuildOptions, 'from' | 'onProgress' | 'workers'>;
  readonly #threads: RebuildThreadsConnect;
  readonly #log: Logger;
  #running: RunningRebuild | undefined;

  constructor(
    base: Omit<RebuildOptions, 'from' | 'onProgress' | 'workers'>,
    threads: RebuildThreadsConnect,
  ) {
    this.#base = base;
    this.#threads = threads;
    this.#log = base.logger.child({ component: 'rebuild' });
  }

  /**
   * Starts (or resumes) a rebuild, folding with `workers` consumer threads (default 1);
   * resolves once its version exists.
   */
  async launch(from: RebuildSource, workers = 1): Promise<LaunchedRebuild> {
    const current = this.#running;
    if (current !== undefined) {
      const { version, source, resumed } = current;
      return { version, source, resumed, alreadyRunning: true };
    }
    const running = await startRebuild({
      ...this.#base,
      from,
      onProgress: this.#logProgress(),
      ...(workers > 1 && { workers: { ...this.#threads, count: workers } }),
    });
    this.#running = running;
    running.done.then(
      (result) => this.#log.info(result, 'rebuild finished: version live'),
      (err: unknown) => this.#log.error({ err, version: running.version }, 'rebuild failed'),
    );
    void running.done
      .finally(() => {
        this.#running = undefined;
      })
      .catch(() => undefined);
    const { version, source, resumed } = running;
    return { version, source, resumed, alreadyRunning: false };
  }

  /** The version being rebuilt by this process, if any. */
  get running(): number | undefined {
    return this.#running?.version;
  }

  #logProgress(): (p: RebuildProgress) => void {
    let last = 0;
    return (p) => {
      const records = p.phase === 'kafka' || p.phase === 'events-table';
      if (records && Date.now() - last < 5_000) return;
      last = Date.now();
      this.#log.info(p, 'rebuild progress');
    };
  }
}
