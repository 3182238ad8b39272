import { BACKFILL_LEAD_SNAPSHOTS } from '@dealflow/db';
import { leadEvent } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, type CommandFixture } from '../testing/command-fixture.js';
import { redactLegacyPersonalData } from './redact-legacy.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const LEAD = 'legacy-lead-1';

/** The text of the lead's events and snapshot as stored. */
async function stored(): Promise<string> {
  const { rows } = await sql<{ text: string }>`
    SELECT coalesce((SELECT string_agg(data::text, ' ') FROM events WHERE lead_id = ${LEAD}), '')
        || coalesce((SELECT state::text FROM lead_snapshots WHERE lead_id = ${LEAD}), '') AS text
  `.execute(fx.tdb.db);
  return rows[0]?.text ?? '';
}

describe('redactLegacyPersonalData (npm run ops -- redact-legacy)', () => {
  it('removes the plaintext of an erased lead written before sealing, and only then', async () => {
    // A lead stored before personal data was sealed: plaintext, no key row.
    const created = leadEvent(LEAD, 1, 'LeadCreated', {
      name: 'Ottoline Vasquez-Brandt',
      company: 'Brandt Ropeworks',
      amount: { value: 900, currency: 'EUR' },
      stage: 'qualify',
    });
    await fx.tdb.db
      .insertInto('events')
      .values({
        event_id: created.id,
        lead_id: LEAD,
        version: 1,
        type: created.type,
        schema_version: 1,
        pipeline_id: created.pipelineId,
        occurred_at: created.occurredAt,
        recorded_at: created.recordedAt,
        data: created.data,
        metadata: created.metadata,
      })
      .execute();
    await sql.raw(BACKFILL_LEAD_SNAPSHOTS).execute(fx.tdb.db);
    expect((await fx.get(`/v1/leads/${LEAD}`)).json()).toMatchObject({
      name: 'Ottoline Vasquez-Brandt',
      erased: false,
    });
    await expect(redactLegacyPersonalData(fx.tdb.db, LEAD)).rejects.toThrow(/not erased/);

    // Erasure reaches every reader at once, but the plaintext stays stored…
    expect((await fx.post(`/v1/leads/${LEAD}/erase`, {})).statusCode).toBe(200);
    expect((await fx.get(`/v1/leads/${LEAD}`)).json()).toMatchObject({
      name: null,
      company: null,
      erased: true,
    });
    expect(await stored()).toMatch(/Vasquez|Ropeworks/);

    // …until the redaction removes it; the lead keeps working.
    expect(await redactLegacyPersonalData(fx.tdb.db, LEAD)).toEqual({ events: 1, snapshots: 1 });
    expect(await stored()).not.toMatch(/Ottoline|Vasquez|Brandt/);
    expect((await fx.get(`/v1/leads/${LEAD}`)).json()).toMatchObject({ name: null, erased: true });
    expect((await fx.post(`/v1/leads/${LEAD}/advance`, { toStage: 'demo' })).statusCode).toBe(200);
    expect(await redactLegacyPersonalData(fx.tdb.db, LEAD)).toEqual({ events: 0, snapshots: 0 });
    expect((await fx.get(`/v1/leads/${LEAD}/events`)).statusCode).toBe(200);
  });
});
