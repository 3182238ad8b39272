import { connect, type Socket } from 'node:net';
import type { Answer } from './http-load.js';

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection that sends one request at a time, written straight to a
 * socket: the load generator of the commands benchmark. It shares the machine's two cores with
 * the system it measures, and `node:http`'s client costs ~100 µs of CPU a request, about what
 * a command costs the command service itself; this one costs a fraction of that, like `pg`'s
 * client in the raw baselines it is compared with. It reads what the services answer: a status
 * line, headers and a `content-length` body (a chunked answer is refused, not guessed at).
 */
export class HttpConnection {
  readonly #socket: Socket;
  readonly #host: string;
  #pending: Buffer[] = [];
  #waiting:
    { resolve: (a: Answer) => void; reject: (e: Error) => void; started: number } | undefined;
  #failed: Error | undefined;

  private constructor(socket: Socket, host: string) {
    this.#socket = socket;
    this.#host = host;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#received(chunk));
    socket.on('error', (err) => this.#fail(err));
    socket.on('close', () => this.#fail(new Error('connection closed by the server')));
  }

  /** Opens a connection to the origin of `url`. */
  static open(url: string): Promise<HttpConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        socket.off('error', reject);
        resolve(new HttpConnection(socket, `${hostname}:${port}`));
      });
      socket.once('error', reject);
    });
  }

  /** A JSON POST of `body` to `path`; resolves with the answer once it has arrived whole. */
  post(path: string, body: unknown): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body));
    return this.#send(
      `POST ${path} HTTP/1.1\r\nhost: ${this.#host}\r\ncontent-type: application/json\r\n` +
        `content-length: ${payload.length}\r\n\r\n`,
      payload,
    );
  }

  /** A GET of `path`. */
  get(path: string): Promise<Answer> {
    return this.#send(`GET ${path} HTTP/1.1\r\nhost: ${this.#host}\r\n\r\n`);
  }

  #send(head: string, payload?: Buffer): Promise<Answer> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    if (this.#waiting !== undefined) throw new Error('one request at a time per connection');
    const bytes = Buffer.from(head, 'latin1');
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject, started: performance.now() };
      this.#socket.write(payload === undefined ? bytes : Buffer.concat([bytes, payload]));
    });
  }

  close(): void {
    this.#failed ??= new Error('connection closed');
    this.#socket.destroy();
  }

  #received(chunk: Buffer): void {
    this.#pending.push(chunk);
    const data = this.#pending.length === 1 ? chunk : Buffer.concat(this.#pending);
    const end = data.indexOf(HEAD_END);
    if (end < 0) return;
    const head = data.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
    if (length === undefined) {
      this.#fail(new Error(`an answer without content-length: ${head.split('\r\n')[0]}`));
      return;
    }
    const bodyEnd = end + HEAD_END.length + Number(length);
    if (data.length < bodyEnd) {
      this.#pending = [data];
      return;
    }
    if (data.length > bodyEnd) {
      this.#fail(new Error('bytes after the answer, none asked for'));
      return;
    }
    this.#pending = [];
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve({
      status,
      body: data.toString('utf8', end + HEAD_END.length, bodyEnd),
      ms: performance.now() - waiting.started,
    });
  }

  #fail(err: Error): void {
    this.#failed ??= err;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(err);
    this.#socket.destroy();
  }
}
