import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import {
  AppError,
  problemBody,
  type ErrorCode,
  type FieldIssue,
  type ProblemExtra,
} from './app-error.js';
import { BEARER_SCHEME } from './auth/auth-plugin.js';
import type { HttpSecurityOptions } from './http-security.js';
import { RouteMethods } from './method-not-allowed.js';
import { openapiTransform } from './openapi-transform.js';
import { metricsPlugin } from './metrics-plugin.js';
import { securityPlugin } from './security-plugin.js';
import { tracingPlugin } from './tracing-plugin.js';
import { isUnavailableError } from './unavailable.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Ties together every log line and event caused by one user action. */
    correlationId: string;
  }
}

export interface HttpAppOptions {
  logger: Logger;
  title: string;
  description: string;
  version: string;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Seconds a client should wait before retrying when a dependency is down. */
  retryAfterSeconds?: number;
  /**
   * Authentication, rate limit, CORS and proxy trust (`httpSecurityFromEnv`). Absent: none of
   * them — security headers are always set.
   */
  security?: HttpSecurityOptions;
  /** Prometheus metrics at `GET /metrics` (`metricsPlugin`); the service adds its own. */
  metrics?: boolean;
}

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The caller's `X-Correlation-Id` when well-formed, else the request's own id. */
function correlationIdOf(headers: IncomingHttpHeaders, requestId: string): string {
  const given = headers['x-correlation-id'];
  return typeof given === 'string' && ID_PATTERN.test(given) ? given : requestId;
}

function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  extra: ProblemExtra = {},
): FastifyReply {
  const body = problemBody(code, detail, extra);
  if (extra.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(extra.retryAfterSeconds));
  }
  if (extra.headers !== undefined) void reply.headers(extra.headers);
  return reply
    .code(body.status as number)
    .type('application/problem+json')
    .send(body);
}

/** 404 for an unknown path; 405 with `Allow` for a known path and an unrouted method. */
const notFoundHandler =
  (routes: RouteMethods) =>
  (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.allowed(path);
    if (allowed.length > 0) {
      return sendProblem(reply, 'method_not_allowed', `${path} answers ${allowed.join(', ')}`, {
        headers: { allow: allowed.join(', ') },
      });
    }
    return sendProblem(reply, 'not_found', `no route ${request.method} ${path}`);
  };

function zodIssues(err: FastifyError): FieldIssue[] {
  return (err.validation ?? []).map((v) => ({
    path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)]
      .filter(Boolean)
      .join('.'),
    message: v.message ?? 'invalid',
  }));
}

/**
 * Builds a Fastify instance with the house conventions: zod schemas for validation, serialization
 * and the OpenAPI 3.1 document (`/docs/json`, UI at `/docs`); request and correlation ids on every
 * log line and response; one error handler that speaks `application/problem+json` with the stable
 * codes of the contract and hides the details of 5xx errors; security headers, and with
 * `security` bearer authentication (routes declare `config: { scope }`), rate limiting and CORS.
 */
export async function createHttpApp(opts: HttpAppOptions) {
  const app = fastify({
    loggerInstance: opts.logger,
    trustProxy: opts.security?.trustProxy ?? false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && ID_PATTERN.test(given) ? given : randomUUID();
    },
    // One child logger per request, bound to both ids (a second `child` cost a tenth of a 304).
    childLoggerFactory: (logger, bindings, options, req) =>
      logger.child(
        { ...bindings, correlationId: correlationIdOf(req.headers, String(bindings.reqId)) },
        options,
      ),
    ajv: { customOptions: { removeAdditional: false } },
    // URLs the router cannot take (bad percent-encoding, a parameter over maxParamLength) are
    // refused before any hook or handler: without this they got Fastify's own JSON, not a problem.
    frameworkErrors: (err, _request, reply) => {
      void sendProblem(reply, 'validation_error', `the URL cannot be routed (${err.code})`);
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Every body is JSON (API.md): Fastify's built-in text/plain parser would turn a text body into
  // a string that fails the schema as 400, where the contract says 415 unsupported_media_type.
  app.removeContentTypeParser('text/plain');
  const routes = new RouteMethods();
  app.addHook('onRoute', (route) => routes.add(route));
  const notFound = notFoundHandler(routes);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('correlationId', '');

  app.addHook('onRequest', (request, reply, done) => {
    request.correlationId = correlationIdOf(request.headers, request.id);
    void reply.header('x-request-id', request.id);
    void reply.header('x-correlation-id', request.correlationId);
    done();
  });
  // After the ids (a refused request still carries them), before any route (the security
  // plugins see every route as it is added).
  await app.register(securityPlugin, { security: opts.security });
  if (opts.metrics === true) await app.register(metricsPlugin);
  await app.register(tracingPlugin);
  // An unknown route is 404 whatever its body: answered before the body is parsed (the
  // not-found handler would otherwise turn a malformed body into a 400 first), after the
  // security plugins' hooks (rate limit and headers apply to unknown URLs too).
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return notFound(request, reply);
    return undefined;
  });

  const retryAfterSeconds = opts.retryAfterSeconds ?? 2;
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.warn({ err }, err.detail);
      return sendProblem(reply, err.code, err.detail, err.extra);
    }
    if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
      return sendProblem(reply, 'validation_error', 'the request does not match the schema', {
        errors: zodIssues(err),
      });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 'validation_error', `malformed JSON body: ${err.message}`);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 'payload_too_large', err.message);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 'unsupported_media_type', err.message);
      default:
        break;
    }
    if (isUnavailableError(err)) {
      request.log.warn({ err }, 'dependency unavailable');
      return sendProblem(reply, 'unavailable', 'a dependency is unavailable, retry later', {
        retryAfterSeconds,
      });
    }
    if (err.statusCode === 429) return sendProblem(reply, 'rate_limited', err.message);
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, 'validation_error', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 'internal_error', 'internal error');
  });

  app.setNotFoundHandler(notFound);

  const bearer = {
    type: 'http' as const,
    scheme: 'bearer',
    description:
      '`Authorization: Bearer <token>`: a static token or a JWT of the identity provider. ' +
      'Each operation lists the scopes of which one is needed.',
  };
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: opts.title, description: opts.description, version: opts.version },
      ...(opts.security?.auth.enabled && {
        components: { securitySchemes: { [BEARER_SCHEME]: bearer } },
      }),
    },
    transform: openapiTransform({
      auth: opts.security?.auth.enabled === true,
      rateLimit: opts.security !== undefined && opts.security.rateLimit !== null,
    }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  return app;
}

/** The Fastify instance every dealflow HTTP service builds on. */
export type HttpApp = Awaited<ReturnType<typeof createHttpApp>>;
