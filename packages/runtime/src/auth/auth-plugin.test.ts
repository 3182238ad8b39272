import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { securedTestApp, TEST_TOKENS } from '../testing/secured-test-app.js';
import type { HttpApp } from '../http-app.js';
import { sha256Hex } from './token-entry.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const subjectOf = (token: string) => `token:${sha256Hex(token).slice(0, 12)}`;

describe('auth plugin with static tokens', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await securedTestApp();
  });
  afterAll(() => app.close());

  it('answers 401 problem+json with WWW-Authenticate: Bearer without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/whoami' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="dealflow"');
    expect(res.json()).toMatchObject({ code: 'unauthorized', status: 401 });
    // The ids are set before authentication, so a refused request is traceable too.
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('answers 401 invalid_token for an unknown token and for a malformed header', async () => {
    for (const authorization of ['Bearer not-a-known-token', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await app.inject({ method: 'GET', url: '/whoami', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(res.json<{ code: string }>().code).toBe('unauthorized');
    }
  });

  it('answers 403 forbidden when the token lacks the scope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/write',
      headers: bearer(TEST_TOKENS.reader),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="dealflow", error="insufficient_scope", scope="leads:write"',
    );
    expect(res.json()).toMatchObject({ code: 'forbidden', status: 403 });
    const ops = await app.inject({
      method: 'GET',
      url: '/whoami',
      headers: bearer(TEST_TOKENS.ops),
    });
    expect(ops.statusCode).toBe(403);
  });

  it('lets the right scope through and hands the principal to the handler', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/write',
      headers: bearer(TEST_TOKENS.writer),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subject: subjectOf(TEST_TOKENS.writer), scopes: ['leads:write'] });
  });

  it('accepts any one of alternative scopes', async () => {
    for (const token of [TEST_TOKENS.reader, TEST_TOKENS.writer]) {
      const res = await app.inject({ method: 'GET', url: '/whoami', headers: bearer(token) });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ subject: string }>().subject).toBe(subjectOf(token));
    }
  });

  it('keeps routes without a scope public, and the bearer scheme case-insensitive', async () => {
    const open = await app.inject({ method: 'GET', url: '/public' });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toEqual({ subject: null, scopes: [] });
    const lower = await app.inject({
      method: 'GET',
      url: '/whoami',
      headers: { authorization: `bearer ${TEST_TOKENS.reader}` },
    });
    expect(lower.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  it('declares the bearer scheme and each route’s requirement in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<
        string,
        Record<string, { security?: unknown; responses: Record<string, unknown> }>
      >;
    }>();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.paths['/write']?.post?.security).toEqual([{ bearerAuth: ['leads:write'] }]);
    expect(doc.paths['/whoami']?.get?.security).toEqual([
      { bearerAuth: ['metrics:read'] },
      { bearerAuth: ['leads:write'] },
    ]);
    expect(Object.keys(doc.paths['/write']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '429']),
    );
    expect(doc.paths['/public']?.get?.security).toBeUndefined();
  });
});

describe('auth plugin: logs', () => {
  it('never writes a token to the log, even at trace level', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'auth-test',
      level: 'trace',
      stream: { write: (line: string) => void lines.push(line) },
    });
    const app = await securedTestApp({}, logger);
    const secrets = [TEST_TOKENS.writer, TEST_TOKENS.reader, 'a-wrong-guess-of-a-token'];
    for (const token of secrets) {
      await app.inject({ method: 'POST', url: '/write', headers: bearer(token) });
    }
    // A handler that logs the whole request still gets the header redacted.
    logger.info({ req: { headers: { authorization: `Bearer ${TEST_TOKENS.ops}` } } }, 'request');
    await app.close();
    const output = lines.join('');
    expect(output).toContain('authentication failed');
    expect(output).toContain('[redacted]');
    for (const token of [...secrets, TEST_TOKENS.ops]) expect(output).not.toContain(token);
  });
});

describe('auth plugin: DEALFLOW_AUTH=off', () => {
  it('lets every request through and warns loudly at start', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'auth-test',
      level: 'info',
      stream: { write: (line: string) => void lines.push(line) },
    });
    const app = await securedTestApp({ DEALFLOW_AUTH: 'off' }, logger);
    const res = await app.inject({ method: 'POST', url: '/write' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subject: null, scopes: [] });
    const warning = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .find((l) => l.msg.includes('DISABLED'));
    expect(warning).toMatchObject({
      level: 40,
      msg: 'authentication is DISABLED (DEALFLOW_AUTH=off) — never in production',
    });
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{
      components?: { securitySchemes?: unknown };
    }>();
    expect(doc.components?.securitySchemes).toBeUndefined();
    await app.close();
  });
});
