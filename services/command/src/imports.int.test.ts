import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadPipelines } from '@dealflow/domain';
import { readLeadKeys } from '@dealflow/db';
import { isSealedText, openPersonalFields, type LeadEvent } from '@dealflow/events';
import {
  generateHistory,
  importLinesFromHistory,
  referenceFunnel,
  waitFor,
} from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from './event-store.js';
import { MAX_LINES_PER_REQUEST } from './imports/import-line.js';
import { commandFixture, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

type ResultLine = {
  line?: number;
  leadId?: string;
  status?: 'accepted' | 'refused';
  code?: string;
  field?: string;
  replayed?: boolean;
  version?: number;
  summary?: { lines: number; accepted: number; refused: number };
};

const importBody = async (body: string) => {
  const res = await fx.app.inject({
    method: 'POST',
    url: '/v1/imports',
    headers: { 'content-type': 'application/x-ndjson' },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/x-ndjson');
  return res.body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ResultLine);
};

const history = (seed: number, leads: number) =>
  generateHistory({ leads, seed, start: '2025-02-03T08:00:00Z' })
    // An import carries CRM histories; erasure is not importable (scope `privacy`).
    .filter((e) => e.type !== 'LeadErased')
    .map((e) => ({
      ...e,
      leadId: `imp${seed}-${e.leadId}`,
    }));

/** The stored events of `leadIds`, personal fields opened (each must be sealed in the store). */
async function storedEvents(leadIds: Iterable<string>): Promise<LeadEvent[]> {
  const all: LeadEvent[] = [];
  const keys = await readLeadKeys(fx.tdb.db, [...leadIds]);
  for (const leadId of leadIds) {
    for (const event of (await readStream(fx.tdb.db, leadId)).events) {
      if (event.type !== 'LeadCreated') {
        all.push(event);
        continue;
      }
      const { name, company, ...rest } = event.data;
      expect(isSealedText(name) && (company === undefined || isSealedText(company))).toBe(true);
      const opened = openPersonalFields(
        leadId,
        event.data,
        keys.get(leadId) ?? { kind: 'missing' },
      );
      const data = {
        ...rest,
        name: opened.name ?? '',
        ...(opened.company !== null && { company: opened.company }),
      };
      all.push({ ...event, data });
    }
  }
  return all;
}

describe('POST /v1/imports', () => {
  it('imports each lead whole, refuses bad lines with their number and code, never twice', async () => {
    const events = history(1, 60);
    const lines = importLinesFromHistory(events);
    const good = lines.length;
    const backward = JSON.stringify({
      leadId: 'imp-bad-backward',
      commands: [
        {
          action: 'create',
          name: 'Bo',
          amount: { value: 5, currency: 'EUR' },
          occurredAt: '2025-01-01T00:00:00.000Z',
        },
        { action: 'advance', toStage: 'proposal', occurredAt: '2025-01-02T00:00:00.000Z' },
        { action: 'advance', toStage: 'demo', occurredAt: '2025-01-03T00:00:00.000Z' },
      ],
    });
    const body = [
      ...lines,
      'not json',
      backward,
      '',
      JSON.stringify({ leadId: 'imp-bad-action', commands: [{ action: 'teleport' }] }),
      JSON.stringify({
        leadId: 'imp-big',
        commands: [{ action: 'create', name: 'x'.repeat(70_000) }],
      }),
    ].join('\n');
    const results = await importBody(body);
    const byLine = new Map(results.filter((r) => r.line !== undefined).map((r) => [r.line, r]));
    for (let i = 1; i <= good; i++) expect(byLine.get(i)?.status).toBe('accepted');
    expect(byLine.get(good + 1)).toMatchObject({ status: 'refused', code: 'validation_error' });
    expect(byLine.get(good + 2)).toMatchObject({
      status: 'refused',
      code: 'invalid_transition',
      leadId: 'imp-bad-backward',
      command: 2,
    });
    expect(byLine.has(good + 3)).toBe(false); // blank: counted, not answered
    expect(byLine.get(good + 4)).toMatchObject({
      code: 'validation_error',
      field: 'commands.0.action',
    });
    expect(byLine.get(good + 5)).toMatchObject({ code: 'payload_too_large' });
    expect(results.at(-1)?.summary).toEqual({ lines: good + 4, accepted: good, refused: 4 });
    // Results come in line order.
    const numbers = results.flatMap((r) => (r.line === undefined ? [] : [r.line]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));

    // The refused history wrote nothing, not even its valid first commands.
    expect((await readStream(fx.tdb.db, 'imp-bad-backward')).events).toEqual([]);
    // The imported leads are the history, event for event, and fold to the same funnel.
    const leadIds = new Set(events.map((e) => e.leadId));
    const stored = await storedEvents(leadIds);
    expect(stored.map((e) => [e.leadId, e.version, e.type, e.occurredAt, e.data])).toEqual(
      expect.arrayContaining(
        events.map((e) => [e.leadId, e.version, e.type, e.occurredAt, e.data]),
      ),
    );
    expect(stored).toHaveLength(events.length);
    const pipelines = loadPipelines().list();
    expect(referenceFunnel(stored, pipelines)).toEqual(referenceFunnel(events, pipelines));

    // Importing the same lines again adds nothing and answers as before.
    const before = await fx.counts();
    const again = await importBody(lines.join('\n'));
    expect(again.filter((r) => r.status === 'accepted' && r.replayed)).toHaveLength(good);
    expect(await fx.counts()).toEqual(before);
  });

  it('two imports of one file racing API creates of the same leads: each lead once, whole', async () => {
    const events = history(3, 300);
    const lines = importLinesFromHistory(events);
    const leadIds = lines.map((line) => (JSON.parse(line) as { leadId: string }).leadId);
    const versions = new Map<string, number>();
    for (const e of events)
      versions.set(e.leadId, Math.max(versions.get(e.leadId) ?? 0, e.version));
    // Every third lead is also created through the API while both imports run.
    const raced = leadIds.filter((_, i) => i % 3 === 0);
    const [first, second, ...creates] = await Promise.all([
      importBody(lines.join('\n')),
      importBody(lines.join('\n')),
      ...raced.map((leadId) =>
        fx.post('/v1/leads', { leadId, name: 'API', amount: { value: 1, currency: 'EUR' } }),
      ),
    ]);
    const created = new Set(raced.filter((_, i) => creates[i]?.statusCode === 201));
    for (const [i, leadId] of leadIds.entries()) {
      const answers = [first, second].map((results) => results.find((r) => r.line === i + 1));
      const fresh = answers.filter((a) => a?.status === 'accepted' && a.replayed === false);
      const { events: stored } = await readStream(fx.tdb.db, leadId);
      if (created.has(leadId)) {
        // The API got there first: both lines are refused, the lead is the API's alone.
        expect(answers.map((a) => a?.code)).toEqual(['lead_exists', 'lead_exists']);
        expect(stored).toHaveLength(1);
      } else {
        // One import wrote the history; the other replayed its answer.
        expect(fresh).toHaveLength(1);
        expect(answers.filter((a) => a?.replayed === true)).toHaveLength(1);
        expect(stored).toHaveLength(versions.get(leadId) ?? -1);
      }
    }
  });

  it('answers the lines up to the limit and refuses the first one past it', async () => {
    const before = await fx.counts();
    const results = await importBody(`${'x\n'.repeat(MAX_LINES_PER_REQUEST + 5)}`);
    expect(results.at(-2)).toMatchObject({
      line: MAX_LINES_PER_REQUEST + 1,
      status: 'refused',
      code: 'payload_too_large',
    });
    expect(results.at(-1)?.summary).toEqual({
      lines: MAX_LINES_PER_REQUEST,
      accepted: 0,
      refused: MAX_LINES_PER_REQUEST + 1,
    });
    expect(await fx.counts()).toEqual(before);
  });

  it('refuses a body that is not NDJSON, writing nothing', async () => {
    const before = await fx.counts();
    const res = await fx.post('/v1/imports', { leadId: 'x', commands: [] });
    expect(res.statusCode).toBe(415);
    expect(res.json<{ code: string }>().code).toBe('unsupported_media_type');
    expect(await fx.counts()).toEqual(before);
  });

  it('streams: results arrive while the body is still sent; a dropped connection leaves whole leads', async () => {
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fx.app.server.address() as AddressInfo;
    const events = history(2, 400);
    const lines = importLinesFromHistory(events);
    const firstResults: ResultLine[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/imports',
          headers: { 'content-type': 'application/x-ndjson' },
        },
        (res) => {
          let buffered = '';
          res.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            const parts = buffered.split('\n');
            buffered = parts.pop() ?? '';
            for (const p of parts) firstResults.push(JSON.parse(p) as ResultLine);
            // Results of the first half are back before the second half was sent: drop it all.
            if (firstResults.length >= 5) {
              req.destroy();
              resolve();
            }
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', () => undefined);
      req.write(`${lines.slice(0, 200).join('\n')}\n`);
      // The rest is never sent: the server must answer from what it has.
      setTimeout(() => reject(new Error('no results while the body was open')), 20_000).unref();
    });
    expect(firstResults[0]).toMatchObject({ line: 1, status: 'accepted' });
    const leadIds = [...new Set(events.map((e) => e.leadId))];
    const expected = new Map<string, number>();
    for (const e of events)
      expected.set(e.leadId, Math.max(expected.get(e.leadId) ?? 0, e.version));
    // Once the server has settled, every lead is wholly there or wholly absent.
    let settled = -1;
    await waitFor(
      async () => {
        const n = (await fx.counts()).events;
        const stable = n === settled;
        settled = n;
        return stable;
      },
      { timeoutMs: 20_000, intervalMs: 300, message: 'the dropped import settled' },
    );
    let whole = 0;
    for (const leadId of leadIds) {
      const { events: stored } = await readStream(fx.tdb.db, leadId);
      expect([0, expected.get(leadId)]).toContain(stored.length);
      if (stored.length > 0) whole += 1;
    }
    expect(whole).toBeGreaterThanOrEqual(5);
    expect(whole).toBeLessThanOrEqual(200);
    // A re-run of the whole file completes it.
    const rerun = await importBody(lines.join('\n'));
    expect(rerun.at(-1)?.summary).toEqual({
      lines: lines.length,
      accepted: lines.length,
      refused: 0,
    });
    expect(rerun.filter((r) => r.replayed)).toHaveLength(whole);
    const stored = await storedEvents(leadIds);
    expect(stored).toHaveLength(events.length);
  });
});
