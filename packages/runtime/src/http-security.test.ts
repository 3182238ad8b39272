import { describe, expect, it } from 'vitest';
import { tokenEntry } from './auth/token-entry.js';
import { loadHttpSecurity } from './http-security.js';
import { ConfigError } from './load-config.js';

const entry = tokenEntry('t0ken', ['leads:write', 'metrics:read']);

describe('loadHttpSecurity', () => {
  it('defaults to authentication on, 6000 requests a minute, no CORS, no proxy trust', () => {
    const security = loadHttpSecurity({ AUTH_TOKENS: entry });
    expect(security).toMatchObject({
      auth: { enabled: true, jwt: null },
      rateLimit: { max: 6000, windowMs: 60_000, authFailuresMax: 20 },
      corsOrigins: [],
      trustProxy: false,
    });
    const tokens = security.auth.enabled ? security.auth.tokens : [];
    expect(tokens.map((t) => t.scopes)).toEqual([['leads:write', 'metrics:read']]);
  });

  it('refuses to start with authentication on and no credential', () => {
    expect(() => loadHttpSecurity({})).toThrow(ConfigError);
    expect(() => loadHttpSecurity({ AUTH_TOKENS: '' })).toThrow(
      /DEALFLOW_AUTH: authentication is on/,
    );
    expect(loadHttpSecurity({ DEALFLOW_AUTH: 'off' }).auth).toEqual({ enabled: false });
  });

  it('parses comma and newline separated token lists and rejects bad entries without echoing them', () => {
    const two = loadHttpSecurity({ AUTH_TOKENS: `${entry},\n${tokenEntry('other', ['ops'])}\n` });
    expect(two.auth.enabled && two.auth.tokens.length).toBe(2);
    const attempt = () => loadHttpSecurity({ AUTH_TOKENS: `${entry},raw-secret-token` });
    expect(attempt).toThrow(/AUTH_TOKENS: entry 2 is not sha256:/);
    expect(attempt).not.toThrow(/raw-secret-token/);
    expect(() => loadHttpSecurity({ AUTH_TOKENS: `${entry},${entry}` })).toThrow(/repeats/);
    expect(() => loadHttpSecurity({ AUTH_TOKENS: `sha256:${'a'.repeat(64)}=` })).toThrow(
      /no scope/,
    );
  });

  it('configures JWTs by secret or JWKS, never both, and JWKS only over https or loopback', () => {
    const secret = 's'.repeat(32);
    expect(loadHttpSecurity({ AUTH_JWT_SECRET: secret, AUTH_JWT_AUDIENCE: 'api' }).auth).toEqual({
      enabled: true,
      tokens: [],
      jwt: { key: { kind: 'secret', secret }, issuer: undefined, audience: 'api' },
    });
    const jwks = loadHttpSecurity({ AUTH_JWKS_URL: 'https://idp.example/jwks.json' }).auth;
    expect(jwks.enabled && jwks.jwt?.key).toEqual({
      kind: 'jwks',
      url: new URL('https://idp.example/jwks.json'),
    });
    expect(() => loadHttpSecurity({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET/);
    expect(() =>
      loadHttpSecurity({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://idp.example/jwks' }),
    ).toThrow(/not both/);
    expect(() => loadHttpSecurity({ AUTH_JWKS_URL: 'http://idp.example/jwks' })).toThrow(/https/);
    expect(() => loadHttpSecurity({ AUTH_TOKENS: entry, AUTH_JWT_AUDIENCE: 'api' })).toThrow(
      /AUTH_JWT_ISSUER/,
    );
  });

  it('reads rate limit (0: off), CORS origins and proxy trust', () => {
    const security = loadHttpSecurity({
      DEALFLOW_AUTH: 'off',
      RATE_LIMIT_MAX: '0',
      CORS_ORIGINS: 'https://crm.example.com, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(security).toMatchObject({
      rateLimit: null,
      corsOrigins: ['https://crm.example.com', 'http://localhost:5173'],
      trustProxy: '10.0.0.0/8,127.0.0.1',
    });
    expect(loadHttpSecurity({ DEALFLOW_AUTH: 'off', TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    // Blank means unset (env files, docker-compose `${VAR:-}`): the default, not 0 (= off).
    const blank = loadHttpSecurity({ DEALFLOW_AUTH: 'off', RATE_LIMIT_MAX: '', CORS_ORIGINS: '' });
    expect(blank).toMatchObject({ rateLimit: { max: 6000 }, corsOrigins: [] });
    expect(() =>
      loadHttpSecurity({ DEALFLOW_AUTH: 'off', CORS_ORIGINS: 'https://crm.example.com/app' }),
    ).toThrow(/CORS_ORIGINS/);
  });
});
