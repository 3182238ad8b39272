import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const versions = (leadId: string) =>
  fx.tdb.db
    .selectFrom('events')
    .select('version')
    .where('lead_id', '=', leadId)
    .orderBy('version')
    .execute()
    .then((rows) => rows.map((r) => r.version));

describe('optimistic concurrency on one lead', () => {
  it('20 concurrent advances with the same If-Match: exactly one wins, 19 version_conflict', async () => {
    const leadId = await fx.createLead();
    const stages = ['demo', 'proposal', 'negotiation'];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fx.post(
          `/v1/leads/${leadId}/advance`,
          { toStage: stages[i % stages.length] },
          { 'if-match': '"1"' },
        ),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of responses.filter((r) => r.statusCode === 409)) {
      expect(r.json<{ code: string }>().code).toBe('version_conflict');
    }
    expect(await versions(leadId)).toEqual([1, 2]);
  });

  it('20 concurrent wins and losses with the same If-Match: one closes the lead', async () => {
    const leadId = await fx.createLead();
    const before = await fx.counts();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? fx.post(`/v1/leads/${leadId}/win`, {}, { 'if-match': '1' })
          : fx.post(`/v1/leads/${leadId}/lose`, { reason: 'price' }, { 'if-match': '1' }),
      ),
    );
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    expect(
      responses.filter((r) => r.statusCode !== 200).map((r) => r.json<{ code: string }>().code),
    ).toEqual(Array(19).fill('version_conflict'));
    expect(await versions(leadId)).toEqual([1, 2]);
    const after = await fx.counts();
    expect(after.events - before.events).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
  });

  it('without If-Match, a lost race is decided again: one win, the rest lead_closed', async () => {
    const leadId = await fx.createLead();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => fx.post(`/v1/leads/${leadId}/win`, {})),
    );
    const codes = responses
      .filter((r) => r.statusCode !== 200)
      .map((r) => r.json<{ code: string }>().code);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    // Decided against the lead as the winner left it: never a version_conflict without If-Match.
    expect(codes).toEqual(Array(19).fill('lead_closed'));
    expect(await versions(leadId)).toEqual([1, 2]);
  });

  it('without If-Match, concurrent advances never answer 409: each is decided on the new state', async () => {
    const leadId = await fx.createLead();
    const stages = ['demo', 'proposal', 'negotiation'];
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        fx.post(`/v1/leads/${leadId}/advance`, { toStage: stages[i % stages.length] }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses).not.toContain(409);
    for (const r of responses.filter((r) => r.statusCode !== 200)) {
      expect(r.json<{ code: string }>().code).toBe('invalid_transition');
    }
    // Every 200 moved the lead one version further, forward only.
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(await versions(leadId)).toEqual(Array.from({ length: ok.length + 1 }, (_, i) => i + 1));
    const reached = ok.map((r) => r.json<{ version: number; stage: string }>());
    const byVersion = reached.sort((a, b) => a.version - b.version).map((r) => r.stage);
    expect(byVersion.map((s) => stages.indexOf(s))).toEqual(
      [...byVersion.map((s) => stages.indexOf(s))].sort((a, b) => a - b),
    );
  });

  it('concurrent creates of one client-chosen id: one 201, the rest lead_exists', async () => {
    const leadId = `dup-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        fx.post('/v1/leads', { leadId, name: 'Ada', amount: { value: 1, currency: 'EUR' } }),
      ),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(
      responses.filter((r) => r.statusCode !== 201).map((r) => r.json<{ code: string }>().code),
    ).toEqual(Array(9).fill('lead_exists'));
    expect(await versions(leadId)).toEqual([1]);
  });
});
