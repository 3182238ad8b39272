import { AppError, SCOPES, type HttpApp } from '@dealflow/runtime';
import type { ReadModelPosition } from '@dealflow/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { positionId, type ChangeFeed } from '../stream/change-feed.js';
import { commonProblems, Problem } from './schemas.js';

/** What the stream route needs. */
export interface StreamDeps {
  feed: ChangeFeed;
  /** Open streams allowed per caller (principal, or IP when anonymous). */
  maxPerCaller: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
}

const StreamHeaders = z.looseObject({
  'last-event-id': z
    .string()
    .max(64)
    .optional()
    .describe('The id of the last event seen: a `changed` follows at once only if it is outdated'),
});

const event = (p: ReadModelPosition) =>
  `id: ${positionId(p)}\nevent: changed\ndata: ${JSON.stringify({ version: p.version, position: p.applied })}\n\n`;

/**
 * `GET /v1/stream`: Server-Sent Events that tell a dashboard when to fetch again. A `changed`
 * event (id `<version>-<position>`) follows whenever the live read models applied new events or
 * another version went live, coalesced by the process's one poller; a comment line every
 * `heartbeatMs`; `Last-Event-ID` on reconnect skips the first event when nothing moved.
 */
export function streamRoute(app: HttpApp, deps: StreamDeps): void {
  const open = new Map<string, number>();
  const closers = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const close of closers) close();
    done();
  });

  app.get(
    '/v1/stream',
    {
      config: { scope: SCOPES.metricsRead },
      schema: {
        tags: ['metrics'],
        summary: 'Live updates: an event whenever the numbers may have changed',
        description:
          'Server-Sent Events (`text/event-stream`). Event `changed` with data ' +
          '`{ version, position }` (the live read-model version and its applied position; the ' +
          'event id is `<version>-<position>`) at connection, unless `Last-Event-ID` names the ' +
          'current position, then whenever it moves — at most a few times a second. A comment ' +
          `line every ${Math.round(deps.heartbeatMs / 1000)} s keeps the connection alive. At ` +
          `most ${deps.maxPerCaller} open streams per caller; more are refused with ` +
          '`429 rate_limited`.',
        produces: ['text/event-stream'],
        headers: StreamHeaders,
        response: {
          200: z.string().describe('An endless `text/event-stream`'),
          429: Problem.describe('rate_limited: too many open streams for this caller'),
          ...commonProblems,
        },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const current = await deps.feed.read();
      if (current === undefined) {
        throw new AppError('unavailable', 'no read-model version is live yet', {
          retryAfterSeconds: 2,
        });
      }
      // Counted with no await in between, so concurrent opens cannot both take the last place.
      const caller = request.principal?.subject ?? `ip:${request.ip}`;
      const count = open.get(caller) ?? 0;
      if (count >= deps.maxPerCaller) {
        throw new AppError('rate_limited', `at most ${deps.maxPerCaller} open streams per caller`, {
          retryAfterSeconds: 5,
        });
      }
      open.set(caller, count + 1);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      let last = (request.headers as { 'last-event-id'?: string })['last-event-id'];
      let lastPosition: ReadModelPosition | undefined;
      // Each position once, never one older than what this stream already sent (the shared
      // poller's read may have started before this stream's own first read).
      const send = (p: ReadModelPosition) => {
        if (positionId(p) === last) return;
        if (lastPosition?.version === p.version && p.applied < lastPosition.applied) return;
        last = positionId(p);
        lastPosition = p;
        raw.write(event(p));
      };
      send(current);
      const unsubscribe = deps.feed.subscribe(send);
      const heartbeat = setInterval(
        () => raw.write(`: heartbeat ${new Date().toISOString()}\n\n`),
        deps.heartbeatMs,
      );
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        closers.delete(close);
        const left = (open.get(caller) ?? 1) - 1;
        if (left > 0) open.set(caller, left);
        else open.delete(caller);
        raw.end();
      };
      closers.add(close);
      raw.on('close', close);
    },
  );
}
