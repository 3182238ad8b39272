import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Resolved } from './kafka-options.js';
import { isOurBroker } from './kafka-pid.js';

const READY_DEADLINE_MS = 90_000;

/** Polls until the broker answers ApiVersions, failing early if it exits. */
export async function waitReady(
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
export function probeApiVersions(port: number, timeoutMs = 1000): Promise<boolean> {
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

export function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
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
