import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../app-error.js';
import type { AuthOptions } from './auth-options.js';
import { authenticator } from './authenticator.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The scope a caller needs, or alternatives of which one suffices. Routes without a scope
     * (health, docs, metrics) are public.
     */
    scope?: string | readonly string[];
  }
  interface FastifyRequest {
    /** The authenticated caller: null on public routes and while authentication is off. */
    principal: Principal | null;
  }
}

/** The name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearerAuth';

/** Logged at start when authentication is off, so nobody misses it in production logs. */
export const AUTH_DISABLED_WARNING =
  'authentication is DISABLED (DEALFLOW_AUTH=off) — never in production';

const BEARER = /^Bearer +([\w\-.~+/]+=*) *$/i;
/** Longer headers are refused unread: no legitimate token comes near this. */
const MAX_AUTHORIZATION_LENGTH = 8192;

/** A route's `config.scope` as the list of alternatives; empty: public. */
export function requiredScopes(scope: string | readonly string[] | undefined): readonly string[] {
  if (scope === undefined) return [];
  return typeof scope === 'string' ? [scope] : scope;
}

function unauthorized(detail: string, tokenGiven: boolean): AppError {
  // RFC 6750 §3: no error code when the request carried no credentials at all.
  const challenge = tokenGiven
    ? 'Bearer realm="dealflow", error="invalid_token"'
    : 'Bearer realm="dealflow"';
  return new AppError('unauthorized', detail, { headers: { 'www-authenticate': challenge } });
}

function forbidden(required: readonly string[]): AppError {
  const scopes = required.join(' ');
  return new AppError('forbidden', `the token lacks the scope: needs one of ${scopes}`, {
    headers: {
      'www-authenticate': `Bearer realm="dealflow", error="insufficient_scope", scope="${scopes}"`,
    },
  });
}

/** The check of every request to a route with a scope: token, then scope. */
function authenticationHook(opts: Extract<AuthOptions, { enabled: true }>) {
  const authenticate = authenticator(opts);
  return async (request: FastifyRequest): Promise<void> => {
    const required = requiredScopes(request.routeOptions.config.scope);
    if (required.length === 0) return;
    const header = request.headers.authorization;
    if (header === undefined) throw unauthorized('a bearer token is required', false);
    const token = header.length <= MAX_AUTHORIZATION_LENGTH ? BEARER.exec(header)?.[1] : undefined;
    if (token === undefined) {
      throw unauthorized('the Authorization header is not "Bearer <token>"', true);
    }
    const result = await authenticate(token);
    if ('refused' in result) {
      request.log.info({ reason: result.refused }, 'authentication failed');
      throw unauthorized(result.refused, true);
    }
    request.principal = result;
    if (!required.some((scope) => result.scopes.includes(scope))) throw forbidden(required);
  };
}

function auth(app: FastifyInstance, opts: AuthOptions, done: (err?: Error) => void): void {
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (Array.isArray(route.config?.scope) && route.config.scope.length === 0) {
      throw new Error(`${route.method.toString()} ${route.url}: config.scope names no scope`);
    }
  });
  if (!opts.enabled) {
    app.log.warn(AUTH_DISABLED_WARNING);
    return done();
  }
  const jwt = opts.jwt?.key.kind ?? null; // the kind only: the key may be a secret
  app.log.info({ staticTokens: opts.tokens.length, jwt }, 'authentication on');
  if (jwt === 'jwks' && opts.jwt?.audience === undefined) {
    app.log.warn('AUTH_JWKS_URL without AUTH_JWT_AUDIENCE: tokens issued for any API are accepted');
  }
  app.addHook('onRequest', authenticationHook(opts));
  done();
}

/**
 * Bearer authentication for every route that declares `config: { scope }`: static tokens
 * (`AUTH_TOKENS`, hashed) and/or JWTs (HS256 secret or JWKS). No or a bad token is
 * `401 unauthorized` with `WWW-Authenticate: Bearer`; a token without the scope is
 * `403 forbidden`. The caller is `request.principal`. (`openapiTransform` documents each
 * route's requirement.)
 *
 * @example
 * await app.register(authPlugin, { enabled: true, tokens, jwt: null });
 * app.post('/v1/leads', { config: { scope: 'leads:write' } }, handler);
 */
export const authPlugin = fp(auth, { name: 'dealflow-auth', fastify: '5.x' });
