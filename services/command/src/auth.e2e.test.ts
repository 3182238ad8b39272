import { tokenEntry } from '@dealflow/runtime';
import { startService, testBrokers } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, type CommandFixture } from './testing/command-fixture.js';

const TOKEN = 'e2e-writer-token-0123456789abcdef';

let fx: CommandFixture;
let env: Record<string, string>;
beforeAll(async () => {
  fx = await commandFixture();
  env = {
    DATABASE_URL: fx.tdb.url,
    KAFKA_BROKERS: testBrokers().join(','),
    RELAY_ENABLED: 'false',
  };
});
afterAll(() => fx.close());

const create = (url: string, headers: Record<string, string>) =>
  fetch(`${url}/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'Ada', amount: { value: 1, currency: 'EUR' } }),
  });

describe('command server with authentication from the environment', () => {
  it('demands a bearer token and never logs it', async () => {
    const service = await startService('command', {
      ...env,
      DEALFLOW_AUTH: 'on',
      AUTH_TOKENS: tokenEntry(TOKEN, ['leads:write']),
      LOG_LEVEL: 'trace',
    });
    try {
      expect((await create(service.url, {})).status).toBe(401);
      expect((await create(service.url, { authorization: 'Bearer wrong-token' })).status).toBe(401);
      const res = await create(service.url, { authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(service.output()).toContain('authentication failed');
      expect(service.output()).not.toContain(TOKEN);
      expect(service.output()).not.toContain('wrong-token');
    } finally {
      await service.kill();
    }
  });

  it('refuses to start with authentication on and no credential', async () => {
    const service = await startService(
      'command',
      { ...env, DEALFLOW_AUTH: 'on' },
      { waitForHealth: false },
    );
    expect(await service.exited).not.toBe(0);
    expect(service.output()).toMatch(/DEALFLOW_AUTH: authentication is on but no credential/);
  });

  it('warns loudly when authentication is off', async () => {
    const service = await startService('command', { ...env, DEALFLOW_AUTH: 'off' });
    try {
      expect(service.output()).toContain(
        'authentication is DISABLED (DEALFLOW_AUTH=off) — never in production',
      );
      expect((await create(service.url, {})).status).toBe(201);
    } finally {
      await service.kill();
    }
  });
});
