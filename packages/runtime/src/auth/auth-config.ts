import { z } from 'zod';
import { blankAsUnset } from '../blank-as-unset.js';
import type { AuthOptions } from './auth-options.js';
import { tokenListSchema } from './token-list.js';

const unsetIfBlank = <T extends z.ZodType>(schema: T) => blankAsUnset(schema.optional());

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The authentication settings of every HTTP service. Compose it into a service's schema with
 * `z.object({ ...authConfigSchema.shape, ... })` and turn it into the plugin's options with
 * {@link authOptionsFromEnv} in the service schema's `transform`.
 */
export const authConfigSchema = z.object({
  DEALFLOW_AUTH: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`off` disables authentication: a development flag, never in production'),
  AUTH_TOKENS: unsetIfBlank(tokenListSchema).describe(
    'Static bearer tokens: `sha256:<hex of sha256(token)>=<scope> …` entries, comma or newline ' +
      'separated (make them with packages/runtime/src/auth/hash-token.ts)',
  ),
  AUTH_JWT_SECRET: unsetIfBlank(
    z.string().min(32, 'at least 32 characters (256 bits) for HS256'),
  ).describe('HS256 shared secret of the identity provider'),
  AUTH_JWKS_URL: unsetIfBlank(
    z.url().refine((url) => {
      const { protocol, hostname } = new URL(url);
      return protocol === 'https:' || (protocol === 'http:' && LOOPBACK.has(hostname));
    }, 'an https:// URL (http:// only on the loopback interface)'),
  ).describe("The identity provider's JSON Web Key Set, for RS/PS/ES/EdDSA-signed JWTs"),
  AUTH_JWT_ISSUER: unsetIfBlank(z.string()).describe('Required `iss` of JWTs'),
  AUTH_JWT_AUDIENCE: unsetIfBlank(z.string()).describe('Required `aud` of JWTs'),
});

/** The validated authentication variables. */
export type AuthEnv = z.infer<typeof authConfigSchema>;

/**
 * The auth plugin's options from the validated variables; reports to `ctx` what only makes
 * sense together: authentication on needs a credential source, one JWT key kind at a time.
 *
 * @example
 * z.object({ ...authConfigSchema.shape }).transform((env, ctx) => authOptionsFromEnv(env, ctx))
 */
export function authOptionsFromEnv(env: AuthEnv, ctx: z.RefinementCtx): AuthOptions {
  const fail = (variable: keyof AuthEnv, message: string) =>
    ctx.issues.push({ code: 'custom', message, path: [variable], input: undefined });
  const { AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: jwksUrl } = env;
  if (secret !== undefined && jwksUrl !== undefined) {
    fail('AUTH_JWKS_URL', 'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  }
  const claimsSet = env.AUTH_JWT_ISSUER !== undefined || env.AUTH_JWT_AUDIENCE !== undefined;
  if (claimsSet && secret === undefined && jwksUrl === undefined) {
    fail('AUTH_JWT_ISSUER', 'AUTH_JWT_ISSUER/AUDIENCE need AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }
  if (env.DEALFLOW_AUTH === 'off') return { enabled: false };
  const tokens = env.AUTH_TOKENS ?? [];
  if (tokens.length === 0 && secret === undefined && jwksUrl === undefined) {
    fail(
      'DEALFLOW_AUTH',
      'authentication is on but no credential is configured: set AUTH_TOKENS, AUTH_JWT_SECRET ' +
        'or AUTH_JWKS_URL (or DEALFLOW_AUTH=off, for development only)',
    );
  }
  const key =
    secret !== undefined
      ? { kind: 'secret' as const, secret }
      : jwksUrl !== undefined
        ? { kind: 'jwks' as const, url: new URL(jwksUrl) }
        : undefined;
  const claims = { issuer: env.AUTH_JWT_ISSUER, audience: env.AUTH_JWT_AUDIENCE };
  return { enabled: true, tokens, jwt: key === undefined ? null : { key, ...claims } };
}
