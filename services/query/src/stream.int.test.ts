import { projectionName } from '@dealflow/read-models';
import { generateHistory, waitFor } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

let fixture: QueryFixture;
let base: string;

beforeAll(async () => {
  fixture = await startQueryFixture(
    generateHistory({ leads: 5, seed: 3, start: '2025-03-01T00:00:00.000Z' }),
    { stream: { maxPerCaller: 2, heartbeatMs: 300, pollMs: 50 } },
  );
  base = await fixture.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fixture?.close();
});

/** What the projector does when it applies a batch: its partition's checkpoint moves on. */
async function applied(version: number, partition: number, nextOffset: number): Promise<void> {
  await fixture.tdb.db
    .insertInto('projection_checkpoints')
    .values({ projection: projectionName(version), topic: 't', partition, next_offset: nextOffset })
    .onConflict((oc) =>
      oc.columns(['projection', 'topic', 'partition']).doUpdateSet({ next_offset: nextOffset }),
    )
    .execute();
}

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** An open `GET /v1/stream`, read frame by frame. */
async function openStream(headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/v1/stream`, { headers, signal: controller.signal });
  const frames: Frame[] = [];
  let buffer = '';
  const done = (async () => {
    if (res.body === null) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame: Frame = {};
          for (const line of buffer.slice(0, end).split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim();
            const [key, ...rest] = line.split(': ');
            if (key === 'id' || key === 'event' || key === 'data') frame[key] = rest.join(': ');
          }
          frames.push(frame);
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  /** Waits until a frame after the first `from` ones matches, and returns its index. */
  const next = async (match: (f: Frame) => boolean, from = 0, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = frames.findIndex((f, k) => k >= from && match(f));
      if (i >= 0) return i;
      if (Date.now() > deadline) throw new Error(`no such frame in ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const close = async () => {
    controller.abort();
    await done;
  };
  return { res, frames, next, close };
}

const changed = (f: Frame) => f.event === 'changed';

/**
 * A stream once the server has a place for it: streams the earlier tests closed are released
 * when the server sees their connection end, a moment after the client closed it.
 */
const acceptedStream = (headers: Record<string, string> = {}) =>
  waitFor(async () => {
    const s = await openStream(headers);
    if (s.res.status === 200) return s;
    await s.close();
    return undefined;
  });

describe('GET /v1/stream', () => {
  it('sends the position at once, then a changed event when a batch is applied', async () => {
    const s = await acceptedStream();
    try {
      expect(s.res.status).toBe(200);
      expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await s.next(changed);
      expect(s.frames[first]).toMatchObject({ id: `${fixture.version}-0` });
      expect(JSON.parse(s.frames[first]?.data ?? '')).toEqual({
        version: fixture.version,
        position: 0,
      });
      await applied(fixture.version, 0, 7);
      const second = await s.next(changed, first + 1);
      expect(s.frames[second]?.id).toBe(`${fixture.version}-7`);
      await s.next((f) => f.comment?.startsWith('heartbeat') === true, second);
    } finally {
      await s.close();
    }
  });

  it('honours Last-Event-ID: nothing new until the position moves; an old id catches up', async () => {
    await applied(fixture.version, 1, 3);
    const current = `${fixture.version}-10`;
    const s = await acceptedStream({ 'last-event-id': current });
    try {
      // Two heartbeats and no changed event: nothing moved since the id the client had.
      const beat = await s.next((f) => f.comment?.startsWith('heartbeat') === true);
      await s.next((f) => f.comment?.startsWith('heartbeat') === true, beat + 1);
      expect(s.frames.filter(changed)).toEqual([]);
      await applied(fixture.version, 1, 4);
      const moved = await s.next(changed);
      expect(s.frames[moved]?.id).toBe(`${fixture.version}-11`);
    } finally {
      await s.close();
    }
    const behind = await acceptedStream({ 'last-event-id': current });
    try {
      const first = await behind.next(changed);
      expect(behind.frames[first]?.id).toBe(`${fixture.version}-11`);
    } finally {
      await behind.close();
    }
  });

  it('tells when another version goes live', async () => {
    const s = await acceptedStream();
    try {
      const first = await s.next(changed);
      const next = fixture.version + 1;
      await fixture.tdb.db
        .updateTable('projection_versions')
        .set({ state: 'retired', retired_at: new Date() })
        .where('version', '=', fixture.version)
        .execute();
      await fixture.tdb.db
        .insertInto('projection_versions')
        .values({ version: next, state: 'live', activated_at: new Date() })
        .execute();
      const switched = await s.next(changed, first + 1);
      expect(s.frames[switched]?.id).toBe(`${next}-0`);
    } finally {
      await s.close();
      await fixture.tdb.db
        .deleteFrom('projection_versions')
        .where('version', '>', fixture.version)
        .execute();
      await fixture.tdb.db
        .updateTable('projection_versions')
        .set({ state: 'live', retired_at: null })
        .where('version', '=', fixture.version)
        .execute();
    }
  });

  it('refuses more open streams per caller than allowed, and frees the place on close', async () => {
    const a = await acceptedStream();
    const b = await acceptedStream();
    try {
      await a.next(changed);
      await b.next(changed);
      const refused = await fetch(`${base}/v1/stream`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).not.toBeNull();
      expect(await refused.json()).toMatchObject({ code: 'rate_limited' });
      await a.close();
      // The server sees the close a moment later; then a new stream is accepted.
      const again = await acceptedStream();
      await again.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
