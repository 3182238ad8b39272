import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafka, stopKafka, type KafkaSaslUser } from '@dealflow/infra';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
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

/** A running broker of a test's own that accepts only SASL clients. */
export interface SaslBroker {
  brokers: string[];
  stop(): Promise<void>;
}

/**
 * Starts a single-node broker on free ports, in a folder of its own, whose only client listener
 * is SASL_PLAINTEXT (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN) with `users` created at format time.
 * The run's shared broker is never touched; `stop` ends this one and deletes its folder.
 */
export async function startSaslBroker(users: readonly KafkaSaslUser[]): Promise<SaslBroker> {
  const dir = join(repoRoot, '.cache', `kafka-sasl-${randomBytes(4).toString('hex')}`);
  const options = {
    dir,
    port: await freePort(),
    controllerPort: await freePort(),
    heapMb: 256,
    saslUsers: users,
  };
  const stop = async () => {
    await stopKafka(options);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { brokers } = await startKafka(options);
    return { brokers: [brokers], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
