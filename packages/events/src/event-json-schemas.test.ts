import { describe, expect, it } from 'vitest';
import { eventJsonSchemas } from './event-json-schemas.js';
import { EVENT_TYPES } from './event-types.js';

interface EnvelopeSchema {
  $schema: string;
  title: string;
  required: string[];
  properties: {
    type: { const: string };
    schemaVersion: { const: number };
    data: { required: string[] };
  };
}

describe('eventJsonSchemas', () => {
  const schemas = eventJsonSchemas() as unknown as Record<string, EnvelopeSchema>;

  it('has one schema per event type', () => {
    expect(Object.keys(schemas).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(EVENT_TYPES)('describes the whole %s envelope in draft 2020-12', (type) => {
    const schema = schemas[type];
    expect(schema?.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema?.title).toBe(type);
    expect(schema?.properties.type.const).toBe(type);
    expect(schema?.properties.schemaVersion.const).toBe(1);
    expect(schema?.required).toEqual([
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

  it('lists the required data fields of each event', () => {
    expect(schemas['LeadCreated']?.properties.data.required).toEqual(['name', 'amount', 'stage']);
    expect(schemas['StageAdvanced']?.properties.data.required).toEqual(['fromStage', 'toStage']);
    expect(schemas['DealWon']?.properties.data.required).toEqual(['amount', 'fromStage']);
    expect(schemas['DealLost']?.properties.data.required).toEqual(['reason', 'fromStage']);
  });
});
