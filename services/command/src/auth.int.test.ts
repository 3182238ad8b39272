import { createHmac } from 'node:crypto';
import { loadHttpSecurity, tokenEntry } from '@dealflow/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

const TOKENS = {
  writer: 'command-writer-token-0123456789',
  reader: 'command-reader-token-0123456789',
  metrics: 'command-metrics-token-0123456789',
};
const SECRET = 'the-identity-providers-hs256-secret!!';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const lead = () => ({
  leadId: newLeadId('auth'),
  name: 'Ada',
  amount: { value: 1, currency: 'EUR' },
});

/** An HS256 JWT, as the identity provider would sign it (expiring in 5 minutes by default). */
function jwt(claims: Record<string, unknown>, exp = Math.floor(Date.now() / 1000) + 300): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, exp })}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture({
    security: loadHttpSecurity({
      AUTH_TOKENS: [
        tokenEntry(TOKENS.writer, ['leads:write']),
        tokenEntry(TOKENS.reader, ['leads:read']),
        tokenEntry(TOKENS.metrics, ['metrics:read']),
      ].join(','),
      AUTH_JWT_SECRET: SECRET,
      RATE_LIMIT_MAX: '0',
    }),
  });
});
afterAll(() => fx.close());

describe('command API with authentication on', () => {
  it('refuses commands without, with a bad or with an expired token: 401, nothing written', async () => {
    const before = await fx.counts();
    const expired = jwt({ sub: 'crm', scope: 'leads:write' }, Math.floor(Date.now() / 1000) - 60);
    for (const headers of [{}, bearer('not-a-token'), bearer(expired)]) {
      const res = await fx.post('/v1/leads', lead(), headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(res.json<{ code: string }>().code).toBe('unauthorized');
    }
    expect(await fx.counts()).toEqual(before);
  });

  it('refuses commands of a token without leads:write: 403, nothing written', async () => {
    const before = await fx.counts();
    for (const token of [TOKENS.reader, TOKENS.metrics]) {
      const res = await fx.post('/v1/leads', lead(), bearer(token));
      expect(res.statusCode).toBe(403);
      expect(res.json<{ code: string }>().code).toBe('forbidden');
    }
    expect(await fx.counts()).toEqual(before);
  });

  it('accepts leads:write and records the principal as the events’ actor', async () => {
    const created = await fx.post('/v1/leads', lead(), bearer(TOKENS.writer));
    expect(created.statusCode).toBe(201);
    const { leadId } = created.json<{ leadId: string }>();
    const viaJwt = jwt({ sub: 'crm-service', scope: 'leads:write' });
    const advanced = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      bearer(viaJwt),
    );
    expect(advanced.statusCode).toBe(200);
    const events = await fx.get(`/v1/leads/${leadId}/events`, bearer(TOKENS.reader));
    const actors = events
      .json<{ events: { metadata: { actor: string } }[] }>()
      .events.map((e) => e.metadata.actor);
    expect(actors).toEqual([expect.stringMatching(/^token:[0-9a-f]{12}$/), 'crm-service']);
  });

  it('binds an Idempotency-Key to its caller: another caller neither replays nor is refused', async () => {
    const body = lead();
    const key = { 'idempotency-key': `key-${body.leadId}` };
    const other = bearer(jwt({ sub: 'other-service', scope: 'leads:write' }));
    const first = await fx.post('/v1/leads', body, { ...bearer(TOKENS.writer), ...key });
    expect(first.statusCode).toBe(201);
    // The same key and body from another caller is that caller's own request: the lead exists.
    const stranger = await fx.post('/v1/leads', body, { ...other, ...key });
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json<{ code: string }>().code).toBe('lead_exists');
    // Another body under the same key: not `idempotency_key_reused` for someone else's key.
    const otherBody = lead();
    const own = await fx.post('/v1/leads', otherBody, { ...other, ...key });
    expect(own.statusCode).toBe(201);
    // The first caller still gets its first answer again.
    const replay = await fx.post('/v1/leads', body, { ...bearer(TOKENS.writer), ...key });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    const changed = { ...body, name: 'Grace' };
    const reused = await fx.post('/v1/leads', changed, { ...bearer(TOKENS.writer), ...key });
    expect(reused.json<{ code: string }>().code).toBe('idempotency_key_reused');
  });

  it('lets leads:read and leads:write read leads, not metrics:read', async () => {
    const created = await fx.post('/v1/leads', lead(), bearer(TOKENS.writer));
    const { leadId } = created.json<{ leadId: string }>();
    for (const url of [`/v1/leads/${leadId}`, `/v1/leads/${leadId}/events`]) {
      expect((await fx.get(url)).statusCode).toBe(401);
      expect((await fx.get(url, bearer(TOKENS.metrics))).statusCode).toBe(403);
      expect((await fx.get(url, bearer(TOKENS.reader))).statusCode).toBe(200);
      expect((await fx.get(url, bearer(TOKENS.writer))).statusCode).toBe(200);
    }
  });

  it('keeps /health and /docs public, and documents the security of each operation', async () => {
    expect((await fx.get('/health')).statusCode).toBe(200);
    expect((await fx.get('/docs/')).statusCode).toBe(200);
    const doc = (await fx.get('/docs/json')).json<{
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown; responses: object }>>;
    }>();
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    const write = [{ bearerAuth: ['leads:write'] }];
    const read = [{ bearerAuth: ['leads:read'] }, { bearerAuth: ['leads:write'] }];
    expect(doc.paths['/v1/leads']?.post?.security).toEqual(write);
    for (const action of ['advance', 'win', 'lose']) {
      expect(doc.paths[`/v1/leads/{leadId}/${action}`]?.post?.security).toEqual(write);
    }
    expect(doc.paths['/v1/leads/{leadId}']?.get?.security).toEqual(read);
    expect(doc.paths['/v1/leads/{leadId}/events']?.get?.security).toEqual(read);
    expect(doc.paths['/v1/leads']?.post?.responses).toHaveProperty('401');
    expect(doc.paths['/health']?.get?.security).toBeUndefined();
  });
});

describe('command API rate limit', () => {
  it('answers 429 rate_limited with Retry-After past RATE_LIMIT_MAX', async () => {
    const limited = await commandFixture({
      security: loadHttpSecurity({
        AUTH_TOKENS: tokenEntry(TOKENS.writer, ['leads:write']),
        RATE_LIMIT_MAX: '2',
      }),
    });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++)
        answers.push(await limited.post('/v1/leads', lead(), bearer(TOKENS.writer)));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 429]);
      expect(answers[2]?.json<{ code: string }>().code).toBe('rate_limited');
      expect(Number(answers[2]?.headers['retry-after'])).toBeGreaterThan(0);
      expect((await limited.counts()).events).toBe(2);
    } finally {
      await limited.close();
    }
  });
});
