import { newLeadKey, sealText, type LeadEvent } from '@dealflow/events';
import { readModelSchemaName } from '@dealflow/read-models';
import { leadEvent } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type ProjectorHarness } from '../testing/projector-harness.js';
import { recountFunnel } from '../testing/recount-funnel.js';

let harness: ProjectorHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A lead created with sealed personal fields, as the command service writes it. */
function sealedLead(leadId: string, key: Buffer, name: string, company: string): LeadEvent {
  return leadEvent(leadId, 1, 'LeadCreated', {
    name: sealText(key, { leadId, field: 'name' }, name),
    company: sealText(key, { leadId, field: 'company' }, company),
    amount: { value: 5000, currency: 'EUR' },
    stage: 'qualify',
  });
}

const advanced = (leadId: string) =>
  leadEvent(leadId, 2, 'StageAdvanced', { fromStage: 'qualify', toStage: 'demo' });

describe('personal data in the projector', () => {
  it('opens sealed names, shows erased leads as erased, and parks a lead whose key is lost', async () => {
    const h = (harness = await startHarness(2));
    const keys = { kept: newLeadKey(), erased: newLeadKey(), lost: newLeadKey() };
    await h.db
      .insertInto('lead_keys')
      .values([
        { lead_id: 'lead-kept', key: keys.kept },
        { lead_id: 'lead-erased', key: null, erased_at: new Date() },
      ])
      .execute();
    const kept = [
      sealedLead('lead-kept', keys.kept, 'Orla Vantongeren', 'Vantongeren BV'),
      advanced('lead-kept'),
    ];
    const erased = [
      sealedLead('lead-erased', keys.erased, 'Piet Hoekstrawijk', 'Hoekstrawijk NV'),
      advanced('lead-erased'),
      leadEvent('lead-erased', 3, 'LeadErased', {}),
    ];
    const lost = [
      sealedLead('lead-lost', keys.lost, 'Quinn Mavrodakis', 'Mavrodakis SA'),
      advanced('lead-lost'),
    ];
    await h.publish([...kept, ...erased, ...lost]);
    const projector = h.projector();
    await projector.start();
    const status = await h.caughtUp(projector);

    const schema = readModelSchemaName(h.version);
    const { rows: cards } = await sql<{
      lead_id: string;
      name: string | null;
      company: string | null;
      erased: boolean;
    }>`
      SELECT lead_id, name, company, erased_at IS NOT NULL AS erased
      FROM ${sql.id(schema, 'lead_cards')} ORDER BY lead_id
    `.execute(h.db);
    expect(cards).toEqual([
      { lead_id: 'lead-erased', name: null, company: null, erased: true },
      { lead_id: 'lead-kept', name: 'Orla Vantongeren', company: 'Vantongeren BV', erased: false },
    ]);

    // A lost key is never shown as erased: the lead stops, parked and named.
    const { rows: parked } = await sql<{
      lead_id: string;
      error_code: string;
      error: string;
      value: Buffer;
    }>`
      SELECT lead_id, error_code, error, value FROM ${sql.id(schema, 'parked_events')}
      ORDER BY "offset"
    `.execute(h.db);
    expect(parked.map((p) => [p.lead_id, p.error_code])).toEqual([
      ['lead-lost', 'key_missing'],
      ['lead-lost', 'blocked'],
    ]);
    expect(parked[0]?.error).toMatch(/lead-lost .*no key/);
    const stored = parked.map((p) => `${p.error} ${p.value.toString('utf8')}`).join(' ');
    expect(stored).toMatch(/enc:v1:/);
    expect(stored).not.toMatch(/Quinn|Mavrodakis/);
    expect(status.parked).toBe(2);

    // Metrics: the erased lead counts like any other; the parked one not at all.
    const expected = recountFunnel([...kept, ...erased], h.pipelines);
    expect(await h.funnelRows()).toEqual(expected.rows);
    expect(await h.leadRows()).toEqual(expected.leads);
  });
});
