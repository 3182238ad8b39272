import { z } from 'zod';
import { authConfigSchema, authOptionsFromEnv } from './auth/auth-config.js';
import type { AuthOptions } from './auth/auth-options.js';
import { blankAsUnset } from './blank-as-unset.js';
import { loadConfig } from './load-config.js';

/** What protects an HTTP service: who may call it, how often, from which web origins. */
export interface HttpSecurityOptions {
  auth: AuthOptions;
  /**
   * Requests per window per principal (per IP for anonymous calls), and refused credentials
   * (401) per window per IP before that IP is refused outright; null: no limit.
   */
  rateLimit: { max: number; windowMs: number; authFailuresMax: number } | null;
  /** Web origins allowed to call the API from a browser (CORS); `*` for any; none by default. */
  corsOrigins: readonly string[];
  /** Fastify's `trustProxy`: whose `X-Forwarded-For` gives the client IP behind a proxy. */
  trustProxy: boolean | string;
}

const originList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine(
          (origin) => origin === '*' || (URL.canParse(origin) && new URL(origin).origin === origin),
          {
            error:
              'an origin such as https://app.example.com (scheme, host, optional port; no path)',
          },
        ),
    ),
  );

const trustProxy = z
  .string()
  .regex(/^(true|false|[0-9a-fA-F:./,\s]+)$/, 'true, false or the proxies’ IPs/CIDRs')
  .transform((text) => (text === 'true' ? true : text === 'false' ? false : text));

/**
 * The security settings of every HTTP service: authentication ({@link authConfigSchema}), rate
 * limit, CORS and proxy trust. Compose it into a service's schema with
 * `z.object({ ...httpSecurityConfigSchema.shape, ... })` and build the options with
 * {@link httpSecurityFromEnv} in its `transform`.
 */
export const httpSecurityConfigSchema = z.object({
  ...authConfigSchema.shape,
  RATE_LIMIT_MAX: blankAsUnset(
    z.coerce
      .number()
      .int()
      .nonnegative()
      .default(6000)
      .describe('Requests per RATE_LIMIT_WINDOW_MS per principal (per IP when anonymous); 0: off'),
  ),
  RATE_LIMIT_WINDOW_MS: blankAsUnset(
    z.coerce
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('The window of RATE_LIMIT_MAX and RATE_LIMIT_AUTH_FAILURES, in milliseconds'),
  ),
  RATE_LIMIT_AUTH_FAILURES: blankAsUnset(
    z.coerce
      .number()
      .int()
      .positive()
      .default(20)
      .describe('Refused credentials (401) per RATE_LIMIT_WINDOW_MS per IP before it gets 429'),
  ),
  CORS_ORIGINS: blankAsUnset(
    originList
      .default([])
      .describe('Comma-separated web origins allowed to call from a browser; none by default'),
  ),
  TRUST_PROXY: blankAsUnset(
    trustProxy
      .default(false)
      .describe(
        'Behind a proxy: true or its comma-separated IPs/CIDRs, so X-Forwarded-For is believed',
      ),
  ),
});

/** The validated security variables. */
export type HttpSecurityEnv = z.infer<typeof httpSecurityConfigSchema>;

/**
 * The security options of `createHttpApp` from the validated variables; cross-variable
 * problems go to `ctx`, so `loadConfig` lists them with the rest.
 */
export function httpSecurityFromEnv(
  env: HttpSecurityEnv,
  ctx: z.RefinementCtx,
): HttpSecurityOptions {
  return {
    auth: authOptionsFromEnv(env, ctx),
    rateLimit:
      env.RATE_LIMIT_MAX === 0
        ? null
        : {
            max: env.RATE_LIMIT_MAX,
            windowMs: env.RATE_LIMIT_WINDOW_MS,
            authFailuresMax: env.RATE_LIMIT_AUTH_FAILURES,
          },
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
  };
}

/**
 * Reads only the security variables: for tests and tools that build an app without a whole
 * service configuration.
 *
 * @example const security = loadHttpSecurity({ DEALFLOW_AUTH: 'off' });
 */
export function loadHttpSecurity(
  env: Record<string, string | undefined> = process.env,
): HttpSecurityOptions {
  return loadConfig(httpSecurityConfigSchema.transform(httpSecurityFromEnv), env);
}
