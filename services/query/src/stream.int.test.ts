import { advanceAppliedPosition, readAppliedPosition, readModelDdl } from '@dealflow/read-models';
import { sql } from 'kysely';
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

/** What the projector does when it applies a batch: the version's applied position moves on. */
async function applied(version: number): Promise<string> {
  await advanceAppliedPosition(fixture.tdb.db, version);
  return `${version}-${await readAppliedPosition(fixture.tdb.db, version)}`;
}

/** The stream id of the position now. */
const currentId = async (version = fixture.version) =>
  `${version}-${await readAppliedPosition(fixture.tdb.db, version)}`;

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
      const position = await readAppliedPosition(fixture.tdb.db, fixture.version);
      expect(s.frames[first]).toMatchObject({ id: `${fixture.version}-${position}` });
      expect(JSON.parse(s.frames[first]?.data ?? '')).toEqual({
        version: fixture.version,
        position,
      });
      const next = await applied(fixture.version);
      const second = await s.next(changed, first + 1);
      expect(s.frames[second]?.id).toBe(next);
      await s.next((f) => f.comment?.startsWith('heartbeat') === true, second);
    } finally {
      await s.close();
    }
  });

  it('honours Last-Event-ID: nothing new until the position moves; an old id catches up', async () => {
    const current = await applied(fixture.version);
    const s = await acceptedStream({ 'last-event-id': current });
    try {
      // Two heartbeats and no changed event: nothing moved since the id the client had.
      const beat = await s.next((f) => f.comment?.startsWith('heartbeat') === true);
      await s.next((f) => f.comment?.startsWith('heartbeat') === true, beat + 1);
      expect(s.frames.filter(changed)).toEqual([]);
      const now = await applied(fixture.version);
      const moved = await s.next(changed);
      expect(s.frames[moved]?.id).toBe(now);
    } finally {
      await s.close();
    }
    const behind = await acceptedStream({ 'last-event-id': current });
    try {
      const first = await behind.next(changed);
      expect(behind.frames[first]?.id).toBe(await currentId());
    } finally {
      await behind.close();
    }
  });

  it('tells when another version goes live', async () => {
    const s = await acceptedStream();
    try {
      const first = await s.next(changed);
      const next = fixture.version + 1;
      for (const statement of readModelDdl(next)) await sql.raw(statement).execute(fixture.tdb.db);
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
      await sql`DROP SCHEMA IF EXISTS ${sql.id(`rm_v${fixture.version + 1}`)} CASCADE`.execute(
        fixture.tdb.db,
      );
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
