import type { LeadCommand } from '@dealflow/domain';
import { loadPipelines } from '@dealflow/domain';
import { newLeadKey } from '@dealflow/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMoves, plainMoves } from './append-moves.js';
import type { CommandRequest } from './command-result.js';
import { decideBatch } from './decide-batch.js';
import { readSnapshots } from './lead-store.js';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const NOW = new Date().toISOString();
const META = { correlationId: 'c', causationId: 'c', actor: 'test' };

const request = (command: LeadCommand): CommandRequest => ({
  commands: [command],
  expectedVersion: undefined,
  idempotency: undefined,
  metadata: META,
});
const advance = (leadId: string, toStage: string) =>
  request({ type: 'AdvanceStage', leadId, toStage, now: NOW });
const create = (leadId: string) =>
  request({
    type: 'CreateLead',
    leadId,
    pipelineId: 'default',
    name: 'Ada',
    amount: { value: 5, currency: 'EUR' },
    now: NOW,
  });

/** The batch's writes as the command writer decides them, on the leads' stored snapshots. */
async function decided(requests: CommandRequest[]) {
  const leadIds = [...new Set(requests.map((r) => r.commands[0].leadId))];
  const settings = {
    pipelines: loadPipelines(),
    maxClockSkewMs: 60_000,
    idempotencyTtlHours: 24,
    now: NOW,
    newLeadKey,
  };
  const snapshots = await readSnapshots(fx.tdb.db, leadIds);
  return decideBatch(requests, { snapshots, keys: new Map() }, settings).writes;
}

const stream = async (leadId: string) =>
  fx.tdb.db
    .selectFrom('events')
    .select(['position', 'version', 'type'])
    .where('lead_id', '=', leadId)
    .orderBy('position')
    .execute();

describe('appendMoves', () => {
  it('writes a lead’s chained moves in version order; each answers its own last position', async () => {
    const lead = await fx.createLead(newLeadId('am'));
    const writes = await decided([advance(lead, 'demo'), advance(lead, 'proposal')]);
    expect(plainMoves(writes)).toBe(true);
    const outcomes = [...(await appendMoves(fx.tdb.db, writes)).values()];
    const events = await stream(lead);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(outcomes).toEqual([
      { outcome: 'ok', lastPosition: Number(events[1]?.position) },
      { outcome: 'ok', lastPosition: Number(events[2]?.position) },
    ]);
    const [snapshot] = (await readSnapshots(fx.tdb.db, [lead])).values();
    expect(snapshot?.version).toBe(3);
  });

  it('answers conflict for every write of a lead that moved meanwhile, and writes its neighbours', async () => {
    const moved = await fx.createLead(newLeadId('am'));
    const other = await fx.createLead(newLeadId('am'));
    const fresh = newLeadId('am');
    const writes = await decided([
      advance(moved, 'demo'),
      advance(other, 'demo'),
      advance(moved, 'proposal'),
      create(fresh),
    ]);
    // Another writer moves the lead between the decision and the write.
    await appendMoves(fx.tdb.db, await decided([advance(moved, 'negotiation')]));
    const before = await fx.counts();
    const outcomes = await appendMoves(fx.tdb.db, writes);
    expect(writes.map((w) => outcomes.get(w.seq)?.outcome)).toEqual([
      'conflict',
      'ok',
      'conflict',
      'ok',
    ]);
    expect((await stream(moved)).map((e) => e.version)).toEqual([1, 2]);
    expect((await stream(other)).map((e) => e.version)).toEqual([1, 2]);
    expect((await stream(fresh)).map((e) => e.type)).toEqual(['LeadCreated']);
    expect(await fx.counts()).toEqual({
      events: before.events + 2,
      outbox: before.outbox + 2,
      keys: before.keys,
    });
    const key = await fx.tdb.db
      .selectFrom('lead_keys')
      .select('lead_id')
      .where('lead_id', '=', fresh)
      .execute();
    expect(key).toHaveLength(1);
  });

  it('answers conflict for a create of a lead that exists', async () => {
    const taken = await fx.createLead(newLeadId('am'));
    const [write] = await decided([create(newLeadId('am'))]);
    if (!write) throw new Error('a create decided');
    const clash = {
      ...write,
      lead: taken,
      events: write.events.map((e) => ({ ...e, leadId: taken })),
    };
    const before = await fx.counts();
    const outcomes = await appendMoves(fx.tdb.db, [clash]);
    expect([...outcomes.values()]).toEqual([{ outcome: 'conflict', lastPosition: 0 }]);
    expect(await fx.counts()).toEqual(before);
  });

  it('leaves idempotency keys, erasures and broken chains to append_commands', async () => {
    const lead = await fx.createLead(newLeadId('am'));
    const writes = await decided([advance(lead, 'demo'), advance(lead, 'proposal')]);
    const [first, second] = writes;
    if (!first || !second) throw new Error('two writes decided');
    expect(plainMoves([{ ...first, erase: true }])).toBe(false);
    expect(
      plainMoves([
        { ...first, idem: { scope: 's', key: 'k', hash: 'h', result: {}, ttlHours: 1 } },
      ]),
    ).toBe(false);
    expect(plainMoves([first, { ...second, expected: first.expected }])).toBe(false);
    expect(plainMoves([first, second])).toBe(true);
  });
});
