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
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  fixture = await startQueryFixture(generateHistory({ leads: 30, seed: 9, start: START }));
});
afterAll(async () => {
  for (const recording of opened) await recording.close();
  await fixture?.close();
});

/** A recording query app (closed after the file), and a GET that returns its statements. */
async function recordingApp(answerCacheBytes?: number) {
  const recording = await recordingQueryApp(
    fixture,
    answerCacheBytes === undefined ? {} : { answerCacheBytes },
  );
  opened.push(recording);
  const get = async (url: string) => {
    recording.statements.length = 0;
    const res = await recording.app.inject({ method: 'GET', url });
    return { res, statements: [...recording.statements] };
  };
  return { get };
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
    await applyNewLead(fixture, 7);
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
