import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  activateVersion,
  applyFunnelBatch,
  beginBuild,
  foldFunnel,
  readModelDb,
} from '@dealflow/read-models';
import { generateHistory } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyNewLead,
  recordingQueryApp,
  startQueryFixture,
  type QueryFixture,
} from './testing/query-fixture.js';

const START = '2025-03-01T00:00:00.000Z';
let fixture: QueryFixture;
let events: LeadEvent[];

beforeAll(async () => {
  events = generateHistory({ leads: 40, seed: 11, start: START });
  fixture = await startQueryFixture(events, { liveVersionTtlMs: 0 });
});
afterAll(async () => {
  await fixture?.close();
});

const METRIC_URLS = [
  '/v1/funnel',
  '/v1/funnel?window=activity&from=2025-03-02T00:00:00Z&mode=touched',
  '/v1/metrics/summary?ownerId=owner-1&source=web',
  '/v1/metrics/lost-reasons?asOf=2025-03-05T12:00:00Z',
  '/v1/metrics/won-reasons?pipelineId=b2c',
  '/v1/metrics/stage-durations?asOf=2025-03-05T12:00:00Z',
  '/v1/metrics/timeseries?interval=week',
];

const get = (url: string, headers: Record<string, string> = {}) =>
  fixture.app.inject({ method: 'GET', url, headers });

async function etagOf(url: string): Promise<string> {
  const res = await get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  const etag = res.headers.etag;
  if (typeof etag !== 'string') throw new Error(`${url}: no ETag`);
  return etag;
}

describe('ETag and If-None-Match on every metrics answer', () => {
  it('tags every answer, revalidated on each use, and answers 304 with no body on a match', async () => {
    for (const url of METRIC_URLS) {
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      expect(first.headers.etag, url).toMatch(/^"v1\.\d+\.[\w-]+"$/);
      expect(first.headers['cache-control'], url).toBe('no-cache');
      const etag = String(first.headers.etag);
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get(url, { 'if-none-match': header });
        expect(again.statusCode, `${url} ${header}`).toBe(304);
        expect(again.body, url).toBe('');
        expect(again.headers.etag, url).toBe(etag);
      }
      const miss = await get(url, { 'if-none-match': '"v1.0.nothing"' });
      expect(miss.statusCode, url).toBe(200);
      expect(miss.body).toBe(first.body);
    }
  });

  it('gives different queries different tags, and one query spelled two ways one tag', async () => {
    const tags = await Promise.all(METRIC_URLS.map(etagOf));
    expect(new Set(tags).size).toBe(METRIC_URLS.length);
    expect(await etagOf('/v1/metrics/summary?ownerId=owner-2')).not.toBe(
      await etagOf('/v1/metrics/summary?ownerId=owner-1'),
    );
    expect(await etagOf('/v1/metrics/summary?source=web&pipelineId=default')).toBe(
      await etagOf('/v1/metrics/summary?window=cohort&source=web'),
    );
    expect(await etagOf('/v1/funnel?from=2025-03-02T00:00:00Z')).toBe(
      await etagOf('/v1/funnel?from=2025-03-02T00:00:00.000Z'),
    );
  });

  it('changes the tag once a new event is applied, so the old tag gets the new numbers', async () => {
    const before = await get('/v1/funnel');
    const etag = String(before.headers.etag);
    await applyNewLead(fixture, Date.now() % 100_000);
    const after = await get('/v1/funnel', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const leads = (res: typeof before) => res.json<{ totals: { leads: number } }>().totals.leads;
    expect(leads(after)).toBe(leads(before) + 1);
  });

  it('leaves out the tag on errors', async () => {
    const res = await get('/v1/funnel?pipelineId=nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 304 after reading only the applied position', async () => {
    const recording = await recordingQueryApp(fixture);
    const { app, statements } = recording;
    try {
      const url = '/v1/metrics/summary?window=activity&from=2025-03-03T00:00:00Z';
      const first = await app.inject({ method: 'GET', url });
      expect(first.statusCode).toBe(200);
      expect(statements.length).toBeGreaterThan(2);
      statements.length = 0;
      const headers = { 'if-none-match': String(first.headers.etag) };
      const cached = await app.inject({ method: 'GET', url, headers });
      expect(cached.statusCode).toBe(304);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/applied_position/);
    } finally {
      await recording.close();
    }
  });

  it('changes the tag when another read-model version goes live', async () => {
    const before = await etagOf('/v1/metrics/summary');
    const { version } = await beginBuild(fixture.tdb.db, { source: 'test' });
    const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events });
    await applyFunnelBatch(fixture.tdb.db, version, folded);
    const rm = readModelDb(fixture.tdb.db, version);
    expect(await rm.selectFrom('leads').select('lead_id').execute()).not.toHaveLength(0);
    await fixture.tdb.db.transaction().execute((trx) => activateVersion(trx, version));
    const res = await get('/v1/metrics/summary', { 'if-none-match': before });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toMatch(new RegExp(`^"v${version}\\.`));
    expect(res.headers.etag).not.toBe(before);
  });
});
