import { foldLead, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { referenceFunnel } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from './event-store.js';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  // Small batches and several in flight: same-lead units meet both inside one batch and across
  // concurrent batches.
  fx = await commandFixture({ batch: { maxBatch: 8, maxInFlight: 3 } });
});
afterAll(() => fx.close());

const STAGES = ['demo', 'proposal', 'negotiation'];

/** One random command on a lead: an advance, a win or a loss, with If-Match half the time. */
function randomCommand(leadId: string, rnd: () => number, version: number | undefined) {
  const r = rnd();
  const path =
    r < 0.7
      ? `/v1/leads/${leadId}/advance`
      : r < 0.85
        ? `/v1/leads/${leadId}/win`
        : `/v1/leads/${leadId}/lose`;
  const body =
    r < 0.7
      ? { toStage: STAGES[Math.floor(rnd() * STAGES.length)] }
      : r < 0.85
        ? {}
        : { reason: 'price' };
  const ifMatch: Record<string, string> =
    version === undefined ? {} : { 'if-match': `"${version}"` };
  return { path, body, headers: ifMatch, ifMatch: version };
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('group commit under conflicting clients', () => {
  it('many clients on a few leads: every answer is what one-after-the-other gives', async () => {
    const leads = await Promise.all(
      Array.from({ length: 4 }, () => fx.createLead(newLeadId('gc'))),
    );
    const rnd = seeded(20261202);
    const sent: {
      leadId: string;
      ifMatch: number | undefined;
      kind: string;
      status: number;
      body: { version?: number; stage?: string; status?: string; code?: string };
    }[] = [];
    // 24 clients, 12 commands each, all at once: batches hold several commands of one lead.
    await Promise.all(
      Array.from({ length: 24 }, async (_, client) => {
        for (let i = 0; i < 12; i++) {
          const leadId = leads[(client + i) % leads.length] ?? '';
          const withIfMatch = rnd() < 0.5 ? Math.max(1, Math.floor(rnd() * 4) + 1) : undefined;
          const cmd = randomCommand(leadId, rnd, withIfMatch);
          const res = await fx.post(cmd.path, cmd.body, cmd.headers);
          sent.push({
            leadId,
            ifMatch: cmd.ifMatch,
            kind: cmd.path.split('/').at(-1) ?? '',
            status: res.statusCode,
            body: res.json(),
          });
        }
      }),
    );
    expect(sent).toHaveLength(24 * 12);
    // Never a server error, never a 409 version_conflict without If-Match.
    expect(sent.filter((s) => s.status >= 500)).toEqual([]);
    for (const s of sent.filter((s) => s.ifMatch === undefined)) {
      expect(s.body.code).not.toBe('version_conflict');
    }
    const all: LeadEvent[] = [];
    for (const leadId of leads) {
      const { events, state } = await readStream(fx.tdb.db, leadId);
      all.push(...events);
      // Versions 1..n without a gap; one accepted command per event after the creation.
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      const accepted = sent.filter((s) => s.leadId === leadId && s.status === 200);
      expect(accepted).toHaveLength(events.length - 1);
      // Each accepted answer is the fold of the stored stream up to its version.
      for (const a of accepted) {
        const at = foldLead(events.slice(0, a.body.version));
        expect(at.status === 'none' ? undefined : { stage: at.stage, status: at.status }).toEqual({
          stage: a.body.stage,
          status: a.body.status,
        });
      }
      // An If-Match that was accepted named the version just before.
      for (const a of accepted.filter((s) => s.ifMatch !== undefined)) {
        expect(a.ifMatch).toBe((a.body.version ?? 0) - 1);
      }
      // The snapshot the next command is decided on is the fold of the whole stream.
      const row = await fx.tdb.db
        .selectFrom('lead_snapshots')
        .select(['version', 'state'])
        .where('lead_id', '=', leadId)
        .executeTakeFirstOrThrow();
      expect(row.state).toEqual(state);
      expect(row.version).toBe(events.length);
    }
    // The reference fold over the stored events agrees with the answers given.
    const funnel = referenceFunnel(all, loadPipelines().list());
    const ok = (kind: string) => sent.filter((s) => s.kind === kind && s.status === 200).length;
    expect(funnel.totals).toMatchObject({ leads: 4, won: ok('win'), lost: ok('lose') });
    expect(funnel.totals.open).toBe(leads.length - ok('win') - ok('lose'));
  });
});
