import { createDb } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { loadHttpSecurity, tokenEntry } from '@dealflow/runtime';
import { pino } from 'pino';
import { buildCommandApp } from './app.js';

/**
 * The OpenAPI 3.1 document the command service serves at `/docs/json` with authentication on
 * and the built-in pipelines, without a server or a database connection: the source of the
 * committed copy the typed client is generated from.
 */
export async function commandOpenApiDocument(): Promise<unknown> {
  // Never connected: building the app and serving the document run no query.
  const handle = createDb({ url: 'postgres://openapi@127.0.0.1:9/none', max: 1 });
  const app = await buildCommandApp({
    db: handle.db,
    pipelines: loadPipelines(),
    logger: pino({ level: 'silent' }),
    security: loadHttpSecurity({ AUTH_TOKENS: tokenEntry('openapi-document-only', ['ops']) }),
  });
  try {
    return (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  } finally {
    await app.close();
    await handle.close();
  }
}
