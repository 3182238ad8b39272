/**
 * A real single-node Apache Kafka 4.x (KRaft, combined broker+controller) for tests and `npm start`,
 * run with `java` from the Maven Central jars listed in infra/kafka/pom.xml. No Docker, no tarball.
 *
 * Layout of `dir` (default `localStateDir()/kafka`, beside the local Postgres's data):
 *   libs/                 jars from Maven (+ .pom-sha256 marker); every broker of a checkout
 *                         uses `<repoRoot>/.cache/kafka/libs` unless `libsDir` says otherwise
 *   data/server.properties, data/kraft/   generated config and the broker's log.dirs
 *   logs/server.log       log4j output;  logs/stdout.log  JVM stdout/stderr
 *   kafka.pid             "<pid>\n<port>\n" of the broker we started
 *
 * With `saslUsers` the client listener is SASL_PLAINTEXT (a managed Kafka's authentication, for
 * tests); otherwise PLAINTEXT.
 *
 * The broker is spawned detached, so it outlives the Node process that started it; startKafka is
 * idempotent (a second call finds it through the pid file) and stopKafka ends it.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withLock } from './file-lock.js';
import { formatStorage, serverProperties } from './kafka-config.js';
import { javaBin } from './kafka-exec.js';
import { ensureKafkaLibs } from './kafka-libs.js';
import { log4jConfig, resolveOptions, type KafkaInfraOptions } from './kafka-options.js';
import { isOurBroker, readPidFile, signal } from './kafka-pid.js';
import { portFree, probeApiVersions, waitReady } from './kafka-readiness.js';

export { ensureKafkaLibs } from './kafka-libs.js';
export type { KafkaInfraOptions } from './kafka-options.js';
export type { KafkaSaslUser } from './kafka-sasl.js';

const STOP_DEADLINE_MS = 30_000;

export async function startKafka(
  opts?: KafkaInfraOptions,
): Promise<{ brokers: string; started: boolean; pid: number; startMs: number }> {
  const o = resolveOptions(opts);
  await mkdir(o.dir, { recursive: true });
  // The lock keeps two concurrent callers (e.g. test runner + dev server) from spawning two brokers.
  return withLock(join(o.dir, 'start.lock'), async () => {
    const running = await readPidFile(o);
    if (running) {
      if (running.port !== o.port) {
        throw new Error(
          `kafka: our broker (pid ${running.pid}) already runs on port ${running.port}, not ${o.port}; stop it first`,
        );
      }
      // Alive but maybe still starting (another caller spawned it): wait for it rather than spawn again.
      const t0 = Date.now();
      await waitReady(o, running.pid, () => undefined);
      o.log(`kafka: already running at ${o.brokers} (pid ${running.pid})`);
      return { brokers: o.brokers, started: false, pid: running.pid, startMs: Date.now() - t0 };
    }

    for (const p of [o.port, o.controllerPort]) {
      if (!(await portFree(p))) {
        const what = (await probeApiVersions(p)) ? 'a Kafka broker' : 'something';
        throw new Error(
          `kafka: port ${p} is taken by ${what} this tool did not start (no live pid in ${o.pidFile}); stop it or choose another KAFKA_PORT`,
        );
      }
    }

    const libs = await ensureKafkaLibs(opts);
    await mkdir(o.logs, { recursive: true });
    await mkdir(o.data, { recursive: true });
    await writeFile(o.propsFile, serverProperties(o));
    await formatStorage(o, libs);

    // stdout.log only holds this run (JVM errors); server.log is appended to, so note where this run starts.
    const out = openSync(join(o.logs, 'stdout.log'), 'w');
    const serverLogFrom = await stat(join(o.logs, 'server.log')).then(
      (s) => s.size,
      () => 0,
    );
    const t0 = Date.now();
    const child = spawn(
      javaBin(),
      [
        `-Xmx${o.heapMb}m`,
        // Small heap on 2 cores: SerialGC needs no GC threads; its pauses don't matter at dev/test load.
        '-XX:+UseSerialGC',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${log4jConfig}`,
        `-Dkafka.logs.dir=${o.logs}`,
        '-cp',
        join(libs, '*'),
        'kafka.Kafka',
        o.propsFile,
      ],
      { cwd: o.dir, detached: true, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    const pid = child.pid;
    if (pid === undefined)
      throw new Error('kafka: could not spawn java (is a JDK 17+ on PATH or JAVA_HOME set?)');
    let exited: string | undefined;
    child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
    child.on('error', (err) => (exited = err.message));
    child.unref(); // let the Node process end while the broker keeps running
    await writeFile(o.pidFile, `${pid}\n${o.port}\n`);
    o.log(`kafka: spawned broker pid ${pid}, waiting for ${o.brokers}`);

    try {
      await waitReady(o, pid, () => exited, serverLogFrom);
    } catch (err) {
      if (!exited) signal(pid, 'SIGKILL');
      await rm(o.pidFile, { force: true });
      throw err;
    }
    const startMs = Date.now() - t0;
    o.log(`kafka: ready at ${o.brokers} in ${startMs} ms`);
    return { brokers: o.brokers, started: true, pid, startMs };
  });
}

/** SIGTERM (controlled shutdown), SIGKILL after a deadline. True if a broker was stopped. */
export async function stopKafka(opts?: KafkaInfraOptions): Promise<boolean> {
  const o = resolveOptions(opts);
  const running = await readPidFile(o);
  if (!running) {
    await rm(o.pidFile, { force: true }); // stale or absent
    return false;
  }
  o.log(`kafka: stopping broker pid ${running.pid}`);
  signal(running.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_DEADLINE_MS;
  while (isOurBroker(o, running.pid) && Date.now() < deadline) await sleep(100);
  if (isOurBroker(o, running.pid)) {
    o.log(`kafka: pid ${running.pid} ignored SIGTERM for ${STOP_DEADLINE_MS} ms, sending SIGKILL`);
    signal(running.pid, 'SIGKILL');
    while (isOurBroker(o, running.pid)) await sleep(100);
  }
  await rm(o.pidFile, { force: true });
  return true;
}

/** `running` means the broker process from our pid file is alive (it may still be starting). */
export async function kafkaStatus(
  opts?: KafkaInfraOptions,
): Promise<{ running: boolean; pid?: number; brokers: string }> {
  const o = resolveOptions(opts);
  const running = await readPidFile(o);
  return running
    ? { running: true, pid: running.pid, brokers: `127.0.0.1:${running.port}` }
    : { running: false, brokers: o.brokers };
}
