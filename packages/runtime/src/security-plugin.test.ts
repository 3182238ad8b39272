import { afterEach, describe, expect, it } from 'vitest';
import type { HttpApp } from './http-app.js';
import { securedTestApp, TEST_TOKENS } from './testing/secured-test-app.js';

const opened: HttpApp[] = [];
async function appWith(env: Record<string, string>): Promise<HttpApp> {
  const app = await securedTestApp(env);
  opened.push(app);
  return app;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((app) => app.close()));
});

describe('rate limiting', () => {
  it('answers 429 rate_limited with Retry-After once a principal exceeds the limit', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    const call = (token: string) =>
      app.inject({ method: 'GET', url: '/whoami', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await call(TEST_TOKENS.reader)).statusCode).toBe(200);
    const limited = await call(TEST_TOKENS.reader);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another principal from the same address has a budget of its own.
    expect((await call(TEST_TOKENS.writer)).statusCode).toBe(200);
  });

  it('limits anonymous calls per IP, unknown URLs included', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '2' });
    expect((await app.inject({ method: 'GET', url: '/public' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(404);
    const limited = await app.inject({ method: 'GET', url: '/nope-either' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const other = await app.inject({ method: 'GET', url: '/public', remoteAddress: '10.9.8.7' });
    expect(other.statusCode).toBe(200);
  });

  it('refuses an address that keeps presenting bad credentials, before checking the next', async () => {
    const app = await appWith({ RATE_LIMIT_AUTH_FAILURES: '3' });
    const guess = (token: string, remoteAddress = '10.0.0.1') =>
      app.inject({
        method: 'GET',
        url: '/whoami',
        remoteAddress,
        headers: { authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 3; i++)
      expect((await guess(`guess-${i}-0123456789abcdef`)).statusCode).toBe(401);
    // Even the right token from that address now waits out the window.
    const refused = await guess(TEST_TOKENS.reader);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other addresses are not affected.
    expect((await guess(TEST_TOKENS.reader, '10.0.0.2')).statusCode).toBe(200);
  });

  it('is off with RATE_LIMIT_MAX=0', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '0' });
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'GET', url: '/public' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('CORS', () => {
  const preflight = (app: HttpApp, origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/write',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });

  it('answers preflights of a configured origin, without authentication', async () => {
    const app = await appWith({ CORS_ORIGINS: 'https://crm.example.com,https://dash.example.com' });
    const res = await preflight(app, 'https://crm.example.com');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://crm.example.com');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toContain('authorization');
    const call = await app.inject({
      method: 'GET',
      url: '/whoami',
      headers: {
        origin: 'https://dash.example.com',
        authorization: `Bearer ${TEST_TOKENS.reader}`,
      },
    });
    expect(call.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect(call.headers['access-control-expose-headers']).toContain('etag');
    // A refused call still carries CORS headers, so the browser lets the client read the 401.
    const refused = await app.inject({
      method: 'GET',
      url: '/whoami',
      headers: { origin: 'https://dash.example.com' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('https://dash.example.com');
  });

  it('gives other origins no CORS headers at all', async () => {
    const app = await appWith({ CORS_ORIGINS: 'https://crm.example.com' });
    const res = await preflight(app, 'https://evil.example.com');
    // No preflight route for it: the path is known, OPTIONS is not one of its methods.
    expect(res.statusCode).toBe(405);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const call = await app.inject({
      method: 'GET',
      url: '/public',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(call.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows no origin by default', async () => {
    const app = await appWith({});
    const res = await preflight(app, 'https://crm.example.com');
    expect(res.statusCode).toBe(405);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security headers', () => {
  it('sets API-strict headers on answers, refusals and unknown URLs', async () => {
    const app = await appWith({});
    for (const url of ['/public', '/whoami', '/nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('still serves the Swagger UI at /docs, with a CSP that lets it load', async () => {
    const app = await appWith({});
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // Everything the page loads is a same-origin file ('self'), and none of its scripts is inline.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const res = await app.inject({
        method: 'GET',
        url: new URL(asset, 'http://x/docs/').pathname,
      });
      expect(res.statusCode, asset).toBe(200);
    }
    const init = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(init.body).toContain("resolveUrl('./json')");
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});
