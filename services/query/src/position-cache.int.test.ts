import { readAppliedPosition } from '@dealflow/read-models';
import { generateHistory } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyNewLead, startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const START = '2025-03-01T00:00:00.000Z';
let fixture: QueryFixture;
let base: string;

// Caches far longer than the test: whatever is fresh below was made fresh on purpose.
beforeAll(async () => {
  fixture = await startQueryFixture(generateHistory({ leads: 20, seed: 5, start: START }), {
    appliedPositionTtlMs: 600_000,
    liveVersionTtlMs: 600_000,
    stream: { pollMs: 50 },
  });
  base = await fixture.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await fixture?.close();
});

async function funnel(headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/v1/funnel`, { headers });
  const leads =
    res.status === 200 ? ((await res.json()) as { totals: { leads: number } }).totals.leads : 0;
  return { status: res.status, etag: res.headers.get('etag') ?? '', leads };
}

/** Reads `GET /v1/stream` until a frame carries `id`. */
async function streamUntil(id: string): Promise<void> {
  const controller = new AbortController();
  const res = await fetch(`${base}/v1/stream`, { signal: controller.signal });
  if (res.body === null) throw new Error('no stream body');
  const deadline = setTimeout(() => controller.abort(), 10_000);
  let text = '';
  try {
    for await (const chunk of res.body) {
      text += Buffer.from(chunk as Uint8Array).toString();
      if (text.includes(`id: ${id}\n`)) return;
    }
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  throw new Error(`the stream ended without id ${id}: ${text}`);
}

describe('the cached applied position behind ETags', () => {
  it('answers 304 from the cache, but never behind min-position or a stream event', async () => {
    const first = await funnel();
    expect(first.status).toBe(200);

    // Within the cache's lifetime a changed read model may still answer 304: the trade-off.
    await applyNewLead(fixture, 101);
    expect((await funnel({ 'if-none-match': first.etag })).status).toBe(304);

    // Read-your-writes reads the position fresh, so the tag moves with the numbers.
    const fresh = await funnel({ 'if-none-match': first.etag, 'x-dealflow-min-position': '0' });
    expect(fresh.status).toBe(200);
    expect(fresh.etag).not.toBe(first.etag);
    expect(fresh.leads).toBe(first.leads + 1);

    // A dashboard refetches on `changed`: by then the service knows that position.
    await applyNewLead(fixture, 102);
    const moved = `${fixture.version}-${await readAppliedPosition(fixture.tdb.db, fixture.version)}`;
    await streamUntil(moved);
    const after = await funnel({ 'if-none-match': fresh.etag });
    expect(after.status).toBe(200);
    expect(after.leads).toBe(first.leads + 2);
  });
});
