import { createDb, type Database } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { applyFunnelBatch, foldFunnel } from '@dealflow/read-models';
import { loadHttpSecurity, type HttpApp } from '@dealflow/runtime';
import { generateHistory } from '@dealflow/testkit';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQueryApp } from './app.js';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const START = '2025-03-01T00:00:00.000Z';
let fixture: QueryFixture;
const opened: { app: HttpApp; db: Kysely<Database> }[] = [];

beforeAll(async () => {
  fixture = await startQueryFixture(generateHistory({ leads: 30, seed: 9, start: START }));
});
afterAll(async () => {
  for (const { app, db } of opened) {
    await app.close();
    await db.destroy();
  }
  await fixture?.close();
});

/** A query app over the fixture's database that records every statement it sends. */
async function recordingApp(answerCacheBytes?: number) {
  const statements: string[] = [];
  const { pool } = createDb({ url: fixture.tdb.url, max: 2 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e: LogEvent) => {
      if (e.level === 'query') statements.push(e.query.sql);
    },
  });
  const app = await buildQueryApp({
    db,
    pipelines: loadPipelines(),
    logger: pino({ level: 'silent' }),
    security: loadHttpSecurity({ DEALFLOW_AUTH: 'off' }),
    ...(answerCacheBytes === undefined ? {} : { answerCacheBytes }),
  });
  opened.push({ app, db });
  const get = async (url: string) => {
    statements.length = 0;
    const res = await app.inject({ method: 'GET', url });
    return { res, statements: [...statements] };
  };
  return { get };
}

async function applyNewLead(seed: number): Promise<void> {
  const [created] = generateHistory({ leads: 1, seed, start: START });
  if (created === undefined) throw new Error('no event generated');
  const event = { ...created, leadId: crypto.randomUUID() };
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events: [event] });
  await applyFunnelBatch(fixture.tdb.db, fixture.version, folded);
}

describe('answers kept by ETag', () => {
  it('serves a second request of the same tag the same bytes, reading only the position', async () => {
    const { get } = await recordingApp();
    const url = '/v1/metrics/summary';
    const first = await get(url);
    expect(first.res.statusCode).toBe(200);
    expect(first.statements.length).toBeGreaterThan(2);
    const second = await get(url);
    expect(second.res.statusCode).toBe(200);
    expect(second.res.body).toBe(first.res.body);
    expect(second.res.headers.etag).toBe(first.res.headers.etag);
    expect(second.res.headers['content-type']).toBe(first.res.headers['content-type']);
    expect(second.statements.every((s) => /applied_position/.test(s))).toBe(true);

    // New numbers, new tag: computed again, and the answer shows them.
    await applyNewLead(7);
    const third = await get(url);
    expect(third.res.headers.etag).not.toBe(first.res.headers.etag);
    expect(third.statements.length).toBeGreaterThan(2);
    const leadsOf = (body: string) => (JSON.parse(body) as { leads: number }).leads;
    expect(leadsOf(third.res.body)).toBe(leadsOf(first.res.body) + 1);
  });

  it('computes every answer with no budget, and never keeps lead lists', async () => {
    const off = await recordingApp(0);
    await off.get('/v1/funnel');
    expect((await off.get('/v1/funnel')).statements.length).toBeGreaterThan(1);
    const on = await recordingApp();
    const page = await on.get('/v1/leads?limit=5');
    expect(page.res.statusCode).toBe(200);
    const again = await on.get('/v1/leads?limit=5');
    expect(again.res.body).toBe(page.res.body);
    expect(again.statements.length).toBeGreaterThan(1);
  });
});
