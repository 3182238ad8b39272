// A private PostgreSQL cluster for dev and tests, made from the machine's own server binaries
// (DESIGN.md "Real infrastructure"): initdb once, pg_ctl to start/stop, pg_isready for readiness.
// Node builtins only, so it works before the workspace has its dependencies installed.
import { execFile, spawn } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { totalmem } from 'node:os';
import path from 'node:path';
import { localStateDir, repoRoot } from './state-dir.js';

export interface PostgresInfraOptions {
  /** Data folder; default localPostgresDir(port). */
  dir?: string;
  /** Default 5433, so a system server on 5432 never collides. */
  port?: number;
  /** Superuser created by initdb; default 'dealflow'. */
  user?: string;
  /** Test clusters: fsync, synchronous_commit, full_page_writes off (an OS crash may corrupt the cluster). */
  fast?: boolean;
  log?: (msg: string) => void;
}

const DEADLINE_MS = 30_000;
// initdb and postgres refuse to run as root; as root every server binary runs as the `postgres` user.
const isRoot = process.getuid?.() === 0;

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<RunResult> {
  // cwd '/': runuser keeps our cwd, and a root-only (0700) cwd makes the postgres tools fail on getcwd.
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: '/', encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (err?.message ?? '') });
    });
  });
}

let binDirCache: string | undefined;
async function pgBin(name: string): Promise<string> {
  if (!binDirCache) {
    // Debian keeps server binaries in a versioned folder off PATH: take the newest one, else ask pg_config.
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
    const candidates = versions
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `${root}/${v}/bin`);
    const fromConfig = await run('pg_config', ['--bindir']);
    if (fromConfig.code === 0) candidates.push(fromConfig.stdout.trim());
    binDirCache = candidates.find((d) => existsSync(path.join(d, 'initdb')));
    if (!binDirCache)
      throw new Error(
        'PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package',
      );
  }
  return path.join(binDirCache, name);
}

/** Runs a PostgreSQL binary as the cluster owner (the `postgres` user when we are root). */
async function asOwner(name: string, args: string[]): Promise<RunResult> {
  const exe = await pgBin(name);
  return isRoot ? run('runuser', ['-u', 'postgres', '--', exe, ...args]) : run(exe, args);
}

/** Default data folder: in the checkout's local state folder, beside Kafka's
 * (`localStateDir`); as root one folder per port, since several clusters may share it. */
export function localPostgresDir(port: number, root: string = repoRoot()): string {
  if (!isRoot) return path.join(root, '.cache', 'postgres');
  return path.join(localStateDir(root, true), `postgres-${port}`);
}

function settings(opts: PostgresInfraOptions = {}) {
  const port = opts.port ?? 5433;
  const user = opts.user ?? 'dealflow';
  const dir = path.resolve(opts.dir ?? localPostgresDir(port));
  const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/postgres`;
  return {
    port,
    user,
    dir,
    url,
    fast: opts.fast ?? false,
    log: opts.log ?? (() => {}),
    logFile: path.join(dir, 'server.log'),
  };
}
type Settings = ReturnType<typeof settings>;

function logTail(s: Settings): string {
  try {
    return readFileSync(s.logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** A server owns this folder: postmaster.pid exists and pg_ctl finds its process alive. */
async function isRunning(dir: string): Promise<boolean> {
  if (!existsSync(path.join(dir, 'postmaster.pid'))) return false;
  return (await asOwner('pg_ctl', ['status', '-D', dir])).code === 0;
}

/** pg_isready over TCP loopback, i.e. exactly the way the URL we hand out connects. 0 = accepting,
 * 1 = rejecting (starting up), 2 = no response. */
async function probe(s: Settings): Promise<number> {
  const args = ['-h', '127.0.0.1', '-p', String(s.port), '-U', s.user, '-d', 'postgres', '-t', '1'];
  return (await run(await pgBin('pg_isready'), args)).code;
}

async function waitReady(s: Settings, deadline: number): Promise<void> {
  while ((await probe(s)) !== 0) {
    if (Date.now() > deadline)
      throw new Error(
        `postgres on port ${s.port} not ready after ${DEADLINE_MS} ms:\n${logTail(s)}`,
      );
    if (!(await isRunning(s.dir)))
      throw new Error(`postgres in ${s.dir} exited while starting:\n${logTail(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** initdb into a sibling folder, then rename it into place: a cluster exists completely or not at
 * all, and of two concurrent callers the second one's rename fails and it adopts the first's. */
async function initCluster(s: Settings): Promise<void> {
  const tmp = `${s.dir}.initdb-${process.pid}`;
  // Parents get default modes (a recursive 0700 would lock the postgres user out of them).
  mkdirSync(path.dirname(s.dir), { recursive: true });
  rmSync(tmp, { recursive: true, force: true }); // leftover of a crashed run with a recycled pid
  mkdirSync(tmp, { mode: 0o700 });
  try {
    if (isRoot) {
      await run('chown', ['postgres:', tmp]);
      const reach = await run('runuser', [
        '-u',
        'postgres',
        '--',
        'test',
        '-w',
        tmp,
        '-a',
        '-x',
        tmp,
      ]);
      if (reach.code !== 0)
        throw new Error(
          `the postgres user cannot reach ${s.dir} (a private parent folder?); pass another dir. ${reach.stderr}`,
        );
    }
    s.log(`postgres: initdb ${s.dir}`);
    // trust auth is safe here: the server listens on 127.0.0.1 only and its socket sits in the 0700
    // data folder. --no-sync skips flushing the fresh cluster to disk: an OS crash in the next few
    // seconds could lose it, which for a throwaway dev/test cluster is worth the time saved.
    // Locale C: byte-order collation, identical on every machine, so tests sort deterministically.
    const args = [
      '-D',
      tmp,
      '-U',
      s.user,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ];
    const r = await asOwner('initdb', args);
    if (r.code !== 0) throw new Error(`initdb failed:\n${r.stderr || r.stdout}`);
    appendFileSync(path.join(tmp, 'postgresql.conf'), "\ninclude 'dealflow.conf'\n");
    renameSync(tmp, s.dir); // replaces an empty s.dir; fails if another caller's cluster is there
  } catch (err) {
    if (!existsSync(path.join(s.dir, 'PG_VERSION'))) throw err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The buffer cache: a quarter of the machine's memory, between 128 MB and 2 GB. The read models
 * of a million leads (leads, cards, words and their indexes, the metric cells) take a few GB;
 * what does not fit is read from the operating system's page cache, a system call per page.
 */
export function sharedBuffersMb(total = totalmem()): number {
  return Math.min(2048, Math.max(128, Math.floor(total / 4 / 1024 / 1024)));
}

/** Settings go in a file (rewritten each start so `fast` can change) rather than `pg_ctl -o`,
 * which pg_ctl hands to /bin/sh: no quoting trouble with odd paths. */
function writeConfig(s: Settings): void {
  const socket = path.join(s.dir, `.s.PGSQL.${s.port}`);
  const onOff = s.fast ? 'off' : 'on';
  const lines = [
    '# Written by infra/src/postgres.ts at every start; change the options there.',
    `port = ${s.port}`,
    "listen_addresses = '127.0.0.1'",
    // Unix socket paths are capped at 107 bytes; with a deep data folder we go TCP-only.
    `unix_socket_directories = '${socket.length <= 100 ? s.dir.replaceAll("'", "''") : ''}'`,
    'max_connections = 200',
    `shared_buffers = ${sharedBuffersMb()}MB`,
    `fsync = ${onOff}`,
    `synchronous_commit = ${onOff}`,
    `full_page_writes = ${onOff}`,
  ];
  // Write-then-rename: a server started concurrently must never read a half-written file (it would
  // silently fall back to port 5432).
  const file = path.join(s.dir, 'dealflow.conf');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  const owner = statSync(s.dir);
  chownSync(tmp, owner.uid, owner.gid);
  renameSync(tmp, file);
}

/** pg_ctl start -w: pg_ctl forks the server with its output in the log and returns once it is up.
 * stdio 'ignore' + detached, so nothing ties the server to this Node process or its terminal. */
async function pgCtlStart(s: Settings): Promise<number> {
  const exe = await pgBin('pg_ctl');
  const args = ['start', '-w', '-t', String(DEADLINE_MS / 1000), '-D', s.dir, '-l', s.logFile];
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: '/', stdio: 'ignore', detached: true });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export interface StartedPostgres {
  url: string;
  started: boolean;
  startMs: number;
}

/** Idempotency: the server already running on this folder is reused (it may still be starting up). */
async function reuse(s: Settings, t0: number): Promise<StartedPostgres> {
  const pidPort = Number(readFileSync(path.join(s.dir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  if (pidPort !== s.port)
    throw new Error(`the cluster in ${s.dir} already runs on port ${pidPort}, not ${s.port}`);
  await waitReady(s, t0 + DEADLINE_MS);
  s.log(`postgres: already running at ${s.url}`);
  return { url: s.url, started: false, startMs: Date.now() - t0 };
}

export async function startPostgres(opts?: PostgresInfraOptions): Promise<StartedPostgres> {
  const t0 = Date.now();
  const s = settings(opts);
  if (await isRunning(s.dir)) return reuse(s, t0);
  // A server answering on our port that is not ours (the re-check covers a concurrent caller that
  // started ours meanwhile): refuse rather than hand out someone else's URL.
  if ((await probe(s)) !== 2) {
    if (await isRunning(s.dir)) return reuse(s, t0);
    throw new Error(`port ${s.port} is taken by another PostgreSQL server`);
  }
  if (!existsSync(path.join(s.dir, 'PG_VERSION'))) await initCluster(s);
  writeConfig(s);
  s.log(`postgres: starting on port ${s.port} (${s.fast ? 'fast, no fsync' : 'durable'})`);
  const code = await pgCtlStart(s);
  // Failure with a live server: a concurrent caller won the race (postgres locks the folder, so
  // ours refused to start). Never two servers; use the winner's.
  if (code !== 0 && (await isRunning(s.dir))) return reuse(s, t0);
  if (code !== 0) throw new Error(`pg_ctl start failed (exit ${code}):\n${logTail(s)}`);
  await waitReady(s, t0 + DEADLINE_MS);
  const startMs = Date.now() - t0;
  s.log(`postgres: ready at ${s.url} in ${startMs} ms`);
  return { url: s.url, started: true, startMs };
}

/** Fast shutdown (rolls back open transactions, no waiting for clients). True if a server was stopped. */
export async function stopPostgres(opts?: PostgresInfraOptions): Promise<boolean> {
  const s = settings(opts);
  if (!(await isRunning(s.dir))) return false;
  const r = await asOwner('pg_ctl', [
    'stop',
    '-D',
    s.dir,
    '-m',
    'fast',
    '-w',
    '-t',
    String(DEADLINE_MS / 1000),
  ]);
  if (r.code !== 0) throw new Error(`pg_ctl stop failed:\n${r.stderr || r.stdout}`);
  s.log(`postgres: stopped (${s.dir})`);
  return true;
}

export async function postgresStatus(
  opts?: PostgresInfraOptions,
): Promise<{ running: boolean; url: string }> {
  const s = settings(opts);
  return { running: await isRunning(s.dir), url: s.url };
}
