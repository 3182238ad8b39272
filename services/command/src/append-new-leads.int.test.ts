import { loadPipelines } from '@dealflow/domain';
import { newLeadKey } from '@dealflow/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendNewLeads, NewLeadsRaceError } from './append-new-leads.js';
import { decideBatch } from './decide-batch.js';
import { parseImportLine } from './imports/import-line.js';
import { commandFixture, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const NOW = new Date().toISOString();

/** The decided writes of import lines for new leads, as the import route builds them. */
function writesOf(leadIds: string[]) {
  const requests = leadIds.map((leadId) => {
    const line = JSON.stringify({
      leadId,
      commands: [
        { action: 'create', name: 'Ada', amount: { value: 5, currency: 'EUR' } },
        { action: 'advance', toStage: 'demo' },
      ],
    });
    const parsed = parseImportLine(line, {
      now: NOW,
      caller: undefined,
      metadata: { correlationId: 'c', causationId: 'c', actor: 'test' },
    });
    if (!parsed.ok) throw new Error(parsed.refusal.detail);
    return parsed.request;
  });
  const settings = {
    pipelines: loadPipelines(),
    maxClockSkewMs: 60_000,
    idempotencyTtlHours: 24,
    now: NOW,
    newLeadKey,
  };
  return decideBatch(requests, { snapshots: new Map(), keys: new Map() }, settings).writes;
}

const snapshotCount = async (leadIds: string[]) =>
  (
    await fx.tdb.db
      .selectFrom('lead_snapshots')
      .select('lead_id')
      .where('lead_id', 'in', leadIds)
      .execute()
  ).length;

describe('appendNewLeads', () => {
  it('writes every new lead whole and answers a lead that exists as a conflict', async () => {
    const taken = await fx.createLead('anl-taken');
    const writes = writesOf(['anl-1', taken, 'anl-2']);
    const before = await fx.counts();
    const outcomes = await appendNewLeads(fx.tdb.db, writes, 24);
    expect([...outcomes.values()].map((o) => o.outcome)).toEqual(['ok', 'conflict', 'ok']);
    // Two leads of two events each, their outbox rows and their idempotency keys.
    expect(await fx.counts()).toEqual({
      events: before.events + 4,
      outbox: before.outbox + 4,
      keys: before.keys + 2,
    });
  });

  it('writes nothing of the batch when a new lead’s idempotency key is already taken', async () => {
    const writes = writesOf(['anl-3', 'anl-4']);
    const idem = writes[1]?.idem;
    if (!idem) throw new Error('an import line carries its idempotency key');
    await fx.tdb.db
      .insertInto('idempotency_keys')
      .values({ scope: idem.scope, key: idem.key, request_hash: 'other', result: {} })
      .execute();
    const before = await fx.counts();
    await expect(appendNewLeads(fx.tdb.db, writes, 24)).rejects.toBeInstanceOf(NewLeadsRaceError);
    expect(await fx.counts()).toEqual(before);
    expect(await snapshotCount(['anl-3', 'anl-4'])).toBe(0);
  });
});
