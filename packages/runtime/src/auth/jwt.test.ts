import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../http-app.js';
import { securedTestApp } from '../testing/secured-test-app.js';

const SECRET = 'an-hs256-secret-of-at-least-32-characters!';
const now = () => Math.floor(Date.now() / 1000);

function signHs256(claims: JWTPayload, secret = SECRET, expiresIn: string | number = '5m') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

async function whoami(app: HttpApp, token: string) {
  return app.inject({
    method: 'GET',
    url: '/whoami',
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('JWT with an HS256 secret', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await securedTestApp({
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWT_ISSUER: 'https://idp.example',
      AUTH_JWT_AUDIENCE: 'dealflow',
    });
  });
  afterAll(() => app.close());

  const claims = { iss: 'https://idp.example', aud: 'dealflow', sub: 'ada' };

  it('accepts a valid token and reads scopes from `scope` or `scp`', async () => {
    const viaScope = await whoami(
      app,
      await signHs256({ ...claims, scope: 'openid metrics:read' }),
    );
    expect(viaScope.statusCode).toBe(200);
    expect(viaScope.json()).toEqual({ subject: 'ada', scopes: ['openid', 'metrics:read'] });
    const viaScp = await whoami(app, await signHs256({ ...claims, scp: ['leads:write'] }));
    expect(viaScp.json()).toEqual({ subject: 'ada', scopes: ['leads:write'] });
  });

  it('answers 403 for a valid token without the scope', async () => {
    const res = await whoami(app, await signHs256({ ...claims, scope: 'ops' }));
    expect(res.statusCode).toBe(403);
    expect(res.json<{ code: string }>().code).toBe('forbidden');
  });

  it('answers 401 for an expired token', async () => {
    const res = await whoami(
      app,
      await signHs256({ ...claims, scope: 'metrics:read' }, SECRET, now() - 60),
    );
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized', detail: 'the token has expired' });
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers 401 for a wrong signature, issuer, audience, algorithm or a missing subject', async () => {
    const scope = 'metrics:read';
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, scope }),
    ).toString('base64url')}.`;
    const tokens = [
      await signHs256({ ...claims, scope }, 'another-secret-of-at-least-32-characters!!'),
      await signHs256({ ...claims, scope, iss: 'https://evil.example' }),
      await signHs256({ ...claims, scope, aud: 'another-api' }),
      await signHs256({ iss: claims.iss, aud: claims.aud, scope }),
      unsigned,
    ];
    for (const token of tokens) {
      const res = await whoami(app, token);
      expect(res.statusCode, token).toBe(401);
      expect(res.json<{ code: string }>().code).toBe('unauthorized');
    }
  });

  it('still accepts the static tokens beside JWTs', async () => {
    const res = await whoami(app, 'reader-token-0123456789abcdef');
    expect(res.statusCode).toBe(200);
  });
});

describe('JWT with a JWKS', () => {
  let server: Server;
  let jwksUrl: string;
  let app: HttpApp;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    // The identity provider: a JWKS on the loopback interface.
    server = createServer((req, res) => {
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
    app = await securedTestApp({ AUTH_JWKS_URL: jwksUrl, AUTH_JWT_AUDIENCE: 'dealflow' });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (key: CryptoKey, claims: JWTPayload, kid = 'k1', exp: string | number = '5m') =>
    new SignJWT({ aud: 'dealflow', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);

  it('accepts a token signed with a key of the JWKS', async () => {
    const res = await whoami(app, await sign(signingKey, { sub: 'svc-crm', scope: 'leads:write' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subject: 'svc-crm', scopes: ['leads:write'] });
  });

  it('answers 401 for a foreign key, an expired token or an HS256 token', async () => {
    const claims = { sub: 'mallory', scope: 'leads:write' };
    const tokens = [
      await sign(strangerKey, claims),
      await sign(strangerKey, claims, 'k2'),
      await sign(signingKey, claims, 'k1', now() - 60),
      await signHs256({ ...claims, aud: 'dealflow' }),
    ];
    for (const token of tokens) expect((await whoami(app, token)).statusCode).toBe(401);
  });

  it('answers 503 unavailable when the JWKS cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const down = await securedTestApp({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
    const res = await whoami(down, await sign(signingKey, { sub: 'x', scope: 'leads:write' }));
    expect(res.statusCode).toBe(503);
    expect(res.json<{ code: string }>().code).toBe('unavailable');
    expect(res.headers['retry-after']).toBeDefined();
    await down.close();
  });
});
