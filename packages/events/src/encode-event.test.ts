import { describe, expect, it } from 'vitest';
import { encodeEvent } from './encode-event.js';
import type { LeadEvent } from './lead-event.js';
import { sampleEvents } from './testing/sample-events.js';

describe('encodeEvent', () => {
  it('keys by leadId, writes the JSON envelope and CloudEvents binary-mode headers', () => {
    const event = sampleEvents.LeadCreated;
    const record = encodeEvent(event, { source: 'dealflow/command' });
    expect(record.key).toBe('lead-42');
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(event);
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'LeadCreated',
      ce_source: 'dealflow/command',
      ce_time: event.occurredAt,
      ce_subject: 'lead-42',
      ce_dataschema: 'https://dealflow.dev/schemas/events/LeadCreated.v1.schema.json',
      ce_dataschemaversion: '1',
      'content-type': 'application/json',
    });
  });

  it('writes the envelope fields in contract order', () => {
    const record = encodeEvent(sampleEvents.StageAdvanced, { source: 'dealflow/command' });
    expect(Object.keys(JSON.parse(record.value.toString('utf8')) as object)).toEqual([
      'id',
      'type',
      'schemaVersion',
      'leadId',
      'version',
      'pipelineId',
      'occurredAt',
      'recordedAt',
      'data',
      'metadata',
    ]);
  });

  it('refuses an event that breaks the contract', () => {
    const broken = { ...sampleEvents.DealWon, leadId: '' } as LeadEvent;
    expect(() => encodeEvent(broken, { source: 'dealflow/command' })).toThrow(TypeError);
  });

  it('refuses an empty source', () => {
    expect(() => encodeEvent(sampleEvents.DealWon, { source: '' })).toThrow(/source/);
  });
});
