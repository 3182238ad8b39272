import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KafkaSaslUser } from './kafka-sasl.js';
import { localStateDir } from './state-dir.js';

export interface KafkaInfraOptions {
  /** folder holding data/, logs, the pid file; default `localStateDir()/kafka` */
  dir?: string;
  /** default 9092 (env KAFKA_PORT) */
  port?: number;
  /** default port+1 */
  controllerPort?: number;
  /** default 512 */
  heapMb?: number;
  /** progress messages; default no-op */
  log?: (msg: string) => void;
  /** the broker jars; default `<repoRoot>/.cache/kafka/libs`, shared by every broker of a checkout */
  libsDir?: string;
  /**
   * Clients must authenticate: the listener is SASL_PLAINTEXT with SCRAM-SHA-512, SCRAM-SHA-256
   * and PLAIN, and these users exist from the start (SCRAM credentials written at format time,
   * PLAIN ones in the listener's JAAS config). Default: a PLAINTEXT listener, no users.
   */
  saslUsers?: readonly KafkaSaslUser[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pomPath = join(repoRoot, 'infra', 'kafka', 'pom.xml');
export const log4jConfig = join(repoRoot, 'infra', 'kafka', 'log4j2.xml');

export function resolveOptions(opts: KafkaInfraOptions = {}) {
  const dir = resolve(opts.dir ?? join(localStateDir(), 'kafka'));
  const port = opts.port ?? (Number(process.env['KAFKA_PORT']) || 9092);
  return {
    dir,
    port,
    controllerPort: opts.controllerPort ?? port + 1,
    heapMb: opts.heapMb ?? 512,
    log: opts.log ?? (() => {}),
    brokers: `127.0.0.1:${port}`,
    saslUsers: opts.saslUsers ?? [],
    libs: resolve(opts.libsDir ?? join(repoRoot, '.cache', 'kafka', 'libs')),
    data: join(dir, 'data'),
    logs: join(dir, 'logs'),
    pidFile: join(dir, 'kafka.pid'),
    propsFile: join(dir, 'data', 'server.properties'),
  };
}
export type Resolved = ReturnType<typeof resolveOptions>;
