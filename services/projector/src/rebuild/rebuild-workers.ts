import { Worker } from 'node:worker_threads';
import type { Pipeline } from '@dealflow/domain';
import type { PlainKafkaConnection } from '@dealflow/kafka';
import type { Logger } from '@dealflow/runtime';

/** What a rebuild consumer thread needs: plain data, its connections are its own. */
export interface RebuildWorkerData {
  databaseUrl: string;
  kafka: PlainKafkaConnection;
  clientId: string;
  logLevel: string;
  /** Where the thread's log lines go: 1 (stdout, as the service logs) or 2 (stderr). */
  logFd: 1 | 2;
  topic: string;
  groupId: string;
  version: number;
  pipelines: Pipeline[];
  skipRecords: string[];
  replay: { records: string[]; leads: string[] };
  concurrency: number;
  maxBatchBytes: number;
  maxChunkRecords: number;
  maxWaitMs: number;
}

/** What a rebuild consumer thread tells the rebuild. */
export type WorkerReport =
  | { kind: 'started' }
  | { kind: 'poison' }
  | { kind: 'crashed'; message?: string }
  | { kind: 'stopped' };

/**
 * A rebuild's consumers in worker threads: `count` members of one consumer group, so Kafka
 * splits the partitions between them and each folds on a core of its own. Offers what the
 * Kafka phase uses of a projector — start, stop, whether one crashed — and calls `onPoison`
 * when one met a record it cannot apply. Progress, the switch and the checks need no thread:
 * they read the version's checkpoints and parked records in the database.
 */
export class RebuildWorkers {
  readonly #count: number;
  readonly #data: RebuildWorkerData;
  readonly #logger: Logger;
  readonly #onPoison: () => void;
  readonly #workers: { worker: Worker; exited: Promise<void> }[] = [];
  #crashed: string | undefined;
  #stopping = false;

  constructor(count: number, data: RebuildWorkerData, logger: Logger, onPoison: () => void) {
    this.#count = count;
    this.#data = data;
    this.#logger = logger;
    this.#onPoison = onPoison;
  }

  /** Starts every consumer; resolves once all run (rejects when one cannot start). */
  async start(): Promise<void> {
    // Built: the compiled worker; from source: an entry that registers the TypeScript loader.
    const entry = import.meta.url.endsWith('.ts') ? './rebuild-worker.mjs' : './rebuild-worker.js';
    const url = new URL(entry, import.meta.url);
    try {
      await Promise.all(Array.from({ length: this.#count }, () => this.#spawn(url)));
    } catch (err) {
      await this.stop(); // the ones that did start must not go on consuming
      throw err;
    }
    this.#logger.info({ consumers: this.#count }, 'rebuild consumers running in worker threads');
  }

  #spawn(url: URL): Promise<void> {
    const worker = new Worker(url, { workerData: this.#data });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.#workers.push({ worker, exited });
    return new Promise((resolve, reject) => {
      const crash = (message: string) => {
        this.#crashed ??= message;
        reject(new Error(message));
      };
      worker.on('message', (report: WorkerReport) => {
        if (report.kind === 'started') resolve();
        else if (report.kind === 'poison') this.#onPoison();
        else if (report.kind === 'crashed') crash(report.message ?? 'rebuild consumer crashed');
        else if (report.kind === 'stopped') void worker.terminate();
      });
      worker.on('error', (err: Error) => crash(err.message));
      worker.on('exit', (code) => {
        if (!this.#stopping) crash(`rebuild consumer thread exited (${code})`);
      });
    });
  }

  /** `crashed` once any consumer crashed or its thread died. */
  snapshot(): { state: 'consuming' | 'crashed' } {
    return { state: this.#crashed === undefined ? 'consuming' : 'crashed' };
  }

  /** Stops every consumer after its in-flight work and ends the threads. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const { worker } of this.#workers) worker.postMessage({ kind: 'stop' });
    await Promise.all(this.#workers.map(({ exited }) => exited));
  }
}
