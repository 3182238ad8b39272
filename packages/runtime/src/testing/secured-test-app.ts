import { pino } from 'pino';
import { z } from 'zod';
import { tokenEntry } from '../auth/token-entry.js';
import { createHttpApp, type HttpApp } from '../http-app.js';
import { loadHttpSecurity } from '../http-security.js';
import type { Logger } from '../logger.js';

/** Static tokens of the tests and the scopes their AUTH_TOKENS entries grant. */
export const TEST_TOKENS = {
  writer: 'writer-token-0123456789abcdef',
  reader: 'reader-token-0123456789abcdef',
  ops: 'ops-token-0123456789abcdef',
};

/** `AUTH_TOKENS` for {@link TEST_TOKENS}. */
export const TEST_AUTH_TOKENS = [
  tokenEntry(TEST_TOKENS.writer, ['leads:write']),
  tokenEntry(TEST_TOKENS.reader, ['metrics:read']),
  tokenEntry(TEST_TOKENS.ops, ['ops']),
].join(',\n');

const Whoami = z.object({ subject: z.string().nullable(), scopes: z.array(z.string()) });

/**
 * An app with the security of `env` (`AUTH_TOKENS` defaults to {@link TEST_AUTH_TOKENS}) and
 * three routes: `GET /public`, `GET /whoami` (`metrics:read` or `leads:write`) and
 * `POST /write` (`leads:write`), each answering the principal.
 */
export async function securedTestApp(
  env: Record<string, string> = {},
  logger: Logger = pino({ level: 'silent' }),
): Promise<HttpApp> {
  const app = await createHttpApp({
    logger,
    title: 't',
    description: 'd',
    version: '1',
    security: loadHttpSecurity({ AUTH_TOKENS: TEST_AUTH_TOKENS, ...env }),
  });
  const whoami = (request: {
    principal: { subject: string; scopes: readonly string[] } | null;
  }) => ({
    subject: request.principal?.subject ?? null,
    scopes: [...(request.principal?.scopes ?? [])],
  });
  app.get('/public', { schema: { response: { 200: Whoami } } }, whoami);
  app.get(
    '/whoami',
    { config: { scope: ['metrics:read', 'leads:write'] }, schema: { response: { 200: Whoami } } },
    whoami,
  );
  app.post(
    '/write',
    { config: { scope: 'leads:write' }, schema: { response: { 200: Whoami } } },
    whoami,
  );
  await app.ready();
  return app;
}
