import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerTag, ifNoneMatchHits } from './answer-tag.js';
import type { QueryDeps } from './query-deps.js';

/** What one answer is computed at: the live version and the instant "now" stands for. */
export interface AnswerPoint {
  version: number;
  /** Whole seconds, so answers that age with the clock are equal (and tagged equal) within one. */
  now: number;
}

const points = new WeakMap<FastifyRequest, AnswerPoint>();
/** The tag a request's answer is to be kept under once computed (see {@link keepAnswer}). */
const toKeep = new WeakMap<FastifyRequest, string>();

/**
 * The version and instant {@link conditionalAnswer} tagged this request's answer with; the
 * handler computes the answer at the same point. Asks for them itself on a route without it.
 */
export async function answerPoint(deps: QueryDeps, request: FastifyRequest): Promise<AnswerPoint> {
  return points.get(request) ?? { version: await deps.liveVersion(), now: wholeSecond() };
}

const wholeSecond = (): number => Math.floor(Date.now() / 1000) * 1000;

/** Options of {@link conditionalAnswer}. */
export interface ConditionalOptions {
  /** Whether the answer to this (validated) query ages with the clock (ages measured at now). */
  agesWithClock?: (query: Record<string, unknown>) => boolean;
  /**
   * Whether answers are shared through `deps.answers` (default true). Lead lists are not: they
   * carry personal data, which is held nowhere but the read models.
   */
  share?: boolean;
}

/**
 * A `preHandler` (after read-your-writes) that tags the answer with an `ETag` from the live
 * version, its applied position (read first, before any number), the route and the normalised
 * query, with `Cache-Control: no-cache` (a cache may keep it, but asks again every time). When
 * `If-None-Match` names that tag it answers `304` with no body: the position was the only read,
 * and none when it is cached (`appliedPositionTtlMs`), unless the request waited for
 * `X-Dealflow-Min-Position`. Otherwise an answer already computed under that tag is sent as it
 * was (`deps.answers`), and a new one is kept by {@link keepAnswer}.
 */
export function conditionalAnswer(deps: QueryDeps, options: ConditionalOptions = {}) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const version = await deps.liveVersion();
    // Read-your-writes waited for a position: the tag must not come from an older one.
    const fresh = request.headers['x-dealflow-min-position'] !== undefined;
    const position = await deps.appliedPosition(version, { fresh });
    const now = wholeSecond();
    points.set(request, { version, now });
    // Path parameters (a lead's id) tell answers of one route apart as much as the query does.
    const query = {
      ...((request.query ?? {}) as Record<string, unknown>),
      ...((request.params ?? {}) as Record<string, unknown>),
    };
    const etag = answerTag({
      version,
      position,
      route: request.routeOptions.url ?? request.url,
      query,
      catalog: deps.catalogTag,
      clock: options.agesWithClock?.(query) === true ? now : undefined,
    });
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    const header = request.headers['if-none-match'];
    if (ifNoneMatchHits(typeof header === 'string' ? header : undefined, etag)) {
      return reply.code(304).send();
    }
    if (options.share === false) return undefined;
    const known = deps.answers.get(etag);
    if (known !== undefined) {
      return reply.code(200).type('application/json; charset=utf-8').send(known);
    }
    toKeep.set(request, etag);
    return undefined;
  };
}

/**
 * An `onSend` hook: keeps a computed `200` answer under its tag, for the next request of the
 * same tag (see {@link conditionalAnswer}).
 */
export function keepAnswer(deps: QueryDeps) {
  return (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: () => void) => {
    const etag = toKeep.get(request);
    if (etag !== undefined && reply.statusCode === 200 && typeof payload === 'string') {
      deps.answers.set(etag, payload);
    }
    done();
  };
}
