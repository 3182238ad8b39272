import type { FastifyReply, FastifyRequest } from 'fastify';
import { awaitPosition } from './await-position.js';
import type { QueryDeps } from './query-deps.js';

/**
 * A `preHandler` for the metrics routes (API.md "Read-your-writes"): with a validated
 * `X-Dealflow-Min-Position` header it waits, at most `minPositionWaitMs`, until the read models
 * have applied that position; if they have not, the answer is still given (the best the read
 * models know) but marked `X-Dealflow-Stale: true`, so the client can retry or say so.
 */
export function readYourWrites(deps: QueryDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers['x-dealflow-min-position'];
    if (typeof header !== 'string') return;
    const waitDeps = { db: deps.db, liveVersion: deps.liveVersion, waitMs: deps.minPositionWaitMs };
    if (!(await awaitPosition(waitDeps, Number(header)))) {
      void reply.header('x-dealflow-stale', 'true');
    }
  };
}
