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
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
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

/** A user of a SASL broker (see `KafkaInfraOptions.saslUsers`). */
export interface KafkaSaslUser {
  name: string;
  password: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pomPath = join(repoRoot, 'infra', 'kafka', 'pom.xml');
const log4jConfig = join(repoRoot, 'infra', 'kafka', 'log4j2.xml');
const READY_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 30_000;

function resolveOptions(opts: KafkaInfraOptions = {}) {
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
type Resolved = ReturnType<typeof resolveOptions>;

/** Fetches the broker jars with Maven unless libs/ already holds those of the current pom. */
export async function ensureKafkaLibs(opts?: KafkaInfraOptions): Promise<string> {
  const o = resolveOptions(opts);
  const pomHash = createHash('sha256')
    .update(await readFile(pomPath))
    .digest('hex');
  const marker = join(o.libs, '.pom-sha256');
  const current = async () => (await readFile(marker, 'utf8').catch(() => '')) === pomHash;
  if (await current()) return o.libs;
  // Brokers of one checkout share libs/: one fetch at a time, and the others then find it done.
  await mkdir(dirname(o.libs), { recursive: true });
  return withLock(`${o.libs}.lock`, async () => {
    if (await current()) return o.libs;
    await fetchKafkaLibs(o, pomHash);
    return o.libs;
  });
}

/** Downloads next to libs/ and swaps it in, so an interrupted fetch never looks complete. */
async function fetchKafkaLibs(o: Resolved, pomHash: string): Promise<void> {
  const tmp = `${o.libs}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  o.log(`kafka: fetching broker jars with Maven into ${o.libs} (first time only)`);
  const t0 = Date.now();
  const args = [
    '-q',
    '-B',
    '-f',
    pomPath,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
  ];
  await run('mvn', [...args, `-DoutputDirectory=${tmp}`]);
  await writeFile(join(tmp, '.pom-sha256'), pomHash);
  await rm(o.libs, { recursive: true, force: true });
  await rename(tmp, o.libs);
  o.log(`kafka: jars fetched in ${Date.now() - t0} ms`);
}

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

function serverProperties(o: Resolved): string {
  const listener = o.saslUsers.length > 0 ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  return `# Generated by infra/src/kafka.ts on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
listeners=${listener}://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}
advertised.listeners=${listener}://127.0.0.1:${o.port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=${listener}
listener.security.protocol.map=${listener}:${listener},CONTROLLER:PLAINTEXT
${saslProperties(o.saslUsers)}# Static voters (not --standalone): the voter endpoint is not baked into the formatted log,
# so the ports can change between runs without reformatting.
controller.quorum.voters=1@127.0.0.1:${o.controllerPort}
log.dirs=${join(o.data, 'kraft')}
# One node: every internal topic must have replication factor 1 or groups/transactions never work.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Internal topics default to 50 partitions; creating them stalls the first group join on 2 cores.
offsets.topic.num.partitions=4
transaction.state.log.num.partitions=4
share.coordinator.state.topic.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.partitions=1
# 2 cores: fewer threads than the defaults (8 io, 3 network, 10 background).
num.io.threads=2
num.network.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
`;
}

/** The SASL settings of the broker's listener; empty without users. */
function saslProperties(users: readonly KafkaSaslUser[]): string {
  const [first] = users;
  if (first === undefined) return '';
  const quoted = (text: string) => JSON.stringify(text);
  const login = `username=${quoted(first.name)} password=${quoted(first.password)}`;
  const plainUsers = users.map((u) => `user_${u.name}=${quoted(u.password)}`).join(' ');
  const module = 'org.apache.kafka.common.security';
  return `sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${module}.scram.ScramLoginModule required ${login};
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=${module}.scram.ScramLoginModule required ${login};
listener.name.sasl_plaintext.plain.sasl.jaas.config=${module}.plain.PlainLoginModule required ${login} ${plainUsers};
`;
}

/** `StorageTool format` arguments that create the SCRAM credentials of every user. */
function scramArguments(users: readonly KafkaSaslUser[]): string[] {
  return users.flatMap(({ name, password }) =>
    ['SCRAM-SHA-512', 'SCRAM-SHA-256'].flatMap((mechanism) => [
      '--add-scram',
      `${mechanism}=[name=${name},password=${password}]`,
    ]),
  );
}

async function formatStorage(o: Resolved, libs: string): Promise<void> {
  if (await exists(join(o.data, 'kraft', 'meta.properties'))) return;
  o.log('kafka: formatting storage (first start)');
  // A cluster id is 16 random bytes in URL-safe base64 without padding, as Kafka's Uuid prints it.
  // Like Kafka's Uuid.randomUuid, never one starting with '-': StorageTool's argument parser
  // would read it as an option and fail the format (1 start in 32).
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const log4j = [`-Dlog4j2.configurationFile=${log4jConfig}`, `-Dkafka.logs.dir=${o.logs}`];
  const tool = ['-cp', join(libs, '*'), 'kafka.tools.StorageTool', 'format'];
  await run(javaBin(), [
    ...log4j,
    ...tool,
    '-t',
    clusterId,
    '-c',
    o.propsFile,
    '--ignore-formatted',
    ...scramArguments(o.saslUsers),
  ]);
}

/** Polls until the broker answers ApiVersions, failing early if it exits. */
async function waitReady(
  o: Resolved,
  pid: number,
  exited: () => string | undefined,
  serverLogFrom = 0,
): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  for (;;) {
    if (await probeApiVersions(o.port)) return;
    const gone = exited() ?? (isOurBroker(o, pid) ? undefined : 'is gone');
    if (gone || Date.now() > deadline) {
      const why = gone
        ? `broker pid ${pid} ${gone}`
        : `broker pid ${pid} not ready after ${READY_DEADLINE_MS} ms`;
      throw new Error(`kafka: ${why}\n${await logTail(o, serverLogFrom)}`);
    }
    await sleep(200);
  }
}

/**
 * Ready = answers a real Kafka request. ApiVersions v0 is the simplest one:
 * request  = int32 size, int16 api_key=18, int16 api_version=0, int32 correlation_id, string client_id
 * response = int32 size, int32 correlation_id, int16 error_code, ...
 */
function probeApiVersions(port: number, timeoutMs = 1000): Promise<boolean> {
  const correlationId = 0x0df10;
  const clientId = Buffer.from('dealflow-infra');
  const req = Buffer.alloc(14 + clientId.length);
  let at = req.writeInt32BE(req.length - 4, 0);
  at = req.writeInt16BE(18, at);
  at = req.writeInt16BE(0, at);
  at = req.writeInt32BE(correlationId, at);
  at = req.writeInt16BE(clientId.length, at);
  clientId.copy(req, at);

  return new Promise((done) => {
    let got = Buffer.alloc(0);
    const sock = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      done(ok);
    };
    // A starting broker may accept the connection and sit on the request: don't wait forever.
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('connect', () => sock.write(req));
    sock.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 10)
        finish(got.readInt32BE(4) === correlationId && got.readInt16BE(8) === 0);
    });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** The pid file's broker if it is still alive and really ours; undefined otherwise. */
async function readPidFile(o: Resolved): Promise<{ pid: number; port: number } | undefined> {
  const [pidLine, portLine] = (await readFile(o.pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isOurBroker(o, pid)) return undefined;
  return { pid, port: Number(portLine) || o.port };
}

/** Alive and running kafka.Kafka on our config: guards against a stale pid file whose pid was reused. */
function isOurBroker(o: Resolved, pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // ESRCH gone, or EPERM: someone else's process, so not a broker we started
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
  // A zombie (exited, not yet reaped) has an empty command line; a recycled pid another one.
  return cmdline.includes('kafka.Kafka') && cmdline.includes(o.propsFile);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => fail(new Error(`kafka: cannot run ${cmd}: ${err.message}`)));
    child.on('exit', (code) =>
      code === 0
        ? done()
        : fail(
            new Error(
              `kafka: ${cmd} ${args.slice(-6).join(' ')} failed (${code}):\n${output.slice(-4000)}`,
            ),
          ),
    );
  });
}

/** Exclusive section across processes: a lock file holding the owner's pid, stolen if that pid is dead. */
async function withLock<T>(lockFile: string, body: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''));
      if (owner > 0 && !alive(owner)) await rm(lockFile, { force: true });
      else await sleep(250);
    }
  }
  try {
    return await body();
  } finally {
    await rm(lockFile, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last lines each log got since `serverLogFrom` (stdout.log is rewritten per start). */
async function logTail(o: Resolved, serverLogFrom: number, lines = 40): Promise<string> {
  const parts: string[] = [];
  for (const [name, from] of [
    ['server.log', serverLogFrom],
    ['stdout.log', 0],
  ] as const) {
    const path = join(o.logs, name);
    const text = (await readFile(path).catch(() => Buffer.alloc(0))).subarray(from).toString();
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    if (tail) parts.push(`--- ${path} (tail) ---\n${tail}`);
  }
  return parts.join('\n') || '(the broker wrote no log)';
}

function javaBin(): string {
  const home = process.env['JAVA_HOME'];
  return home ? join(home, 'bin', 'java') : 'java';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
