import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafka, stopKafka, type KafkaSaslUser } from '@dealflow/infra';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A running broker of a test's own, on ports of its own. */
export interface OwnBroker {
  brokers: string[];
  /** SIGKILLs the broker (a crash: no controlled shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data. */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a single-node broker (256 MB heap) in a folder of its own under `.cache`, so a test
 * can kill it or require SASL without touching the run's shared broker. With `saslUsers` its
 * only client listener is SASL_PLAINTEXT (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN).
 */
export async function startOwnBroker(saslUsers?: readonly KafkaSaslUser[]): Promise<OwnBroker> {
  const dir = join(repoRoot, '.cache', `kafka-test-${randomBytes(4).toString('hex')}`);
  const options = {
    dir,
    port: await freePort(),
    controllerPort: await freePort(),
    heapMb: 256,
    ...(saslUsers === undefined ? {} : { saslUsers }),
  };
  const stop = async () => {
    await stopKafka(options);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { brokers } = await startKafka(options);
    return {
      brokers: [brokers],
      async kill() {
        const pid = Number((await readFile(join(dir, 'kafka.pid'), 'utf8')).split('\n')[0]);
        process.kill(pid, 'SIGKILL');
        await stopKafka(options);
      },
      async restart() {
        await startKafka(options);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
