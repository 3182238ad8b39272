import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import { AppError } from './app-error.js';
import { authPlugin } from './auth/auth-plugin.js';
import type { HttpSecurityOptions } from './http-security.js';

/** JSON answers need no content at all: nothing may load, frame or submit anything. */
const API_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The Swagger UI at /docs: its own scripts, styles (with inline style attributes), data: images,
 * and calls to this origin. No `upgrade-insecure-requests`, so it also works over plain HTTP.
 */
const DOCS_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** Response headers a browser client must be able to read (ETag for If-Match, positions…). */
const EXPOSED_HEADERS = [
  'etag',
  'location',
  'retry-after',
  'www-authenticate',
  'idempotent-replayed',
  'x-request-id',
  'x-correlation-id',
  'x-dealflow-position',
  'x-dealflow-stale',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/** Pages for people (the OpenAPI UI, the dashboard) load scripts and styles of their own. */
const PAGE_PREFIXES = ['/docs', '/dashboard'];

const isPage = (url: string): boolean =>
  PAGE_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));

/**
 * The headers helmet sets with `options`, worked out once: they depend on nothing in the
 * request, and building helmet's middleware anew for every request (as its Fastify plugin
 * does) costs a tenth of a small answer's time.
 */
function helmetHeaders(options: HelmetOptions): readonly (readonly [string, string])[] {
  const headers: [string, string][] = [];
  const collector = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, (err) => {
    failure = err;
  });
  if (failure instanceof Error) throw failure;
  if (headers.length === 0) throw new Error('helmet set no headers');
  return headers;
}

/** Security headers on every answer: API-strict, or with the page CSP for /docs and /dashboard. */
function securityHeaders(app: FastifyInstance): void {
  const frameguard = { action: 'deny' } as const;
  const api = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    frameguard,
  });
  const page = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP },
    frameguard,
  });
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.routeOptions.url;
    for (const [name, value] of url !== undefined && isPage(url) ? page : api) {
      reply.raw.setHeader(name, value);
    }
    done();
  });
}

function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  const allowed = new Set(origins);
  return {
    // Other origins get no CORS headers at all, and their preflights a 404.
    origin: allowed.has('*')
      ? '*'
      : (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  };
}

/**
 * Counts refused credentials (401 answers) per client IP in fixed windows; an IP with `max` of
 * them in the current window gets `429 rate_limited` (with Retry-After) for the rest of it,
 * whatever it sends. Per process, like the request limit. The table is pruned of ended windows
 * when it grows, so a flood of addresses cannot grow it without bound.
 */
function limitAuthFailures(app: FastifyInstance, max: number, windowMs: number): void {
  const failures = new Map<string, { count: number; resetAt: number }>();
  app.addHook('onRequest', (request, _reply, done) => {
    done(refusal(request.ip));
  });
  function refusal(ip: string): AppError | undefined {
    const entry = failures.get(ip);
    if (entry === undefined || entry.count < max) return undefined;
    const left = entry.resetAt - Date.now();
    if (left <= 0) {
      failures.delete(ip);
      return undefined;
    }
    return new AppError('rate_limited', 'too many refused credentials from this address', {
      retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)),
    });
  }
  app.addHook('onResponse', (request, reply, done) => {
    countFailure(request.ip, reply.statusCode);
    done();
  });
  function countFailure(ip: string, statusCode: number): void {
    if (statusCode !== 401) return;
    const now = Date.now();
    if (failures.size >= 10_000) {
      for (const [ip, e] of failures) if (e.resetAt <= now) failures.delete(ip);
    }
    const entry = failures.get(ip);
    if (entry === undefined || entry.resetAt <= now) {
      failures.set(ip, { count: 1, resetAt: now + windowMs });
    } else {
      entry.count += 1;
    }
  }
}

async function security(
  app: FastifyInstance,
  opts: { security?: HttpSecurityOptions },
): Promise<void> {
  securityHeaders(app);
  if (opts.security === undefined) {
    app.decorateRequest('principal', null); // no authentication: nobody is known
    return;
  }
  const { auth, corsOrigins, rateLimit } = opts.security;
  if (corsOrigins.length > 0) await app.register(fastifyCors, corsOptions(corsOrigins));
  // Before authentication: an address guessing tokens is refused before its next guess is checked.
  if (rateLimit !== null) limitAuthFailures(app, rateLimit.authFailuresMax, rateLimit.windowMs);
  await app.register(authPlugin, auth);
  if (rateLimit === null) return;
  await app.register(fastifyRateLimit, {
    max: rateLimit.max,
    timeWindow: rateLimit.windowMs,
    keyGenerator: (request) =>
      request.principal === null ? `ip:${request.ip}` : `principal:${request.principal.subject}`,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `rate limit exceeded, retry in ${context.after}`, {
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  // Unknown URLs count too, or scanning for them would be free.
  const limit = app.rateLimit();
  app.addHook('onRequest', async function (request, reply) {
    if (request.is404) await limit.call(this, request, reply);
  });
}

/**
 * The security layers every service gets the same way, in the order they must act: security
 * headers (helmet; an API-strict CSP, a looser one for the /docs UI), CORS (answers preflights
 * before authentication, which browsers do not send there), bearer authentication, then rate
 * limiting per principal — or per IP for anonymous calls. Without `security` only the headers.
 */
export const securityPlugin = fp(security, {
  name: 'dealflow-security',
  fastify: '5.x',
});
