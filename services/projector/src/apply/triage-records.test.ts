import { Buffer } from 'node:buffer';
import { decodeEvent } from '@dealflow/events';
import { describe, expect, it } from 'vitest';
import type { PositionedRecord, RawRecord } from './positioned-record.js';
import { triageRecords } from './triage-records.js';

let offset = 0;
function record(key: string, value: unknown): PositionedRecord {
  const raw: RawRecord = {
    key: Buffer.from(key),
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
  };
  return {
    stream: 't',
    partition: 0,
    offset: offset++,
    timestamp: 0,
    raw,
    result: decodeEvent(raw),
  };
}

const created = (leadId: string) => ({
  id: '0192f3a0-7c1e-7000-8000-000000000001',
  type: 'LeadCreated',
  schemaVersion: 1,
  leadId,
  version: 1,
  pipelineId: 'default',
  occurredAt: '2025-03-01T09:00:00.000Z',
  recordedAt: '2025-03-01T09:00:00.000Z',
  data: { name: 'Ada', amount: { value: 1, currency: 'EUR' }, stage: 'qualify' },
  metadata: {},
});

describe('triageRecords', () => {
  it('folds readable events and parks the rest with their lead, unknown types counted apart', () => {
    const triaged = triageRecords(
      [
        record('a', created('a')),
        record('b', '{oops'),
        record('c', { type: 'LeadMerged', leadId: 'c' }),
        record('c', {
          ...created('c'),
          version: 2,
          type: 'StageAdvanced',
          data: { fromStage: 'qualify', toStage: 'demo' },
        }),
        record('d', created('d')),
      ],
      new Set(),
    );
    expect(triaged.events.map((e) => e.leadId)).toEqual(['a', 'd']);
    expect(triaged.sources.map((s) => s.raw.key?.toString())).toEqual(['a', 'd']);
    expect(triaged.unknownTypes).toBe(1);
    expect(triaged.parked.map((p) => [p.leadId, p.code])).toEqual([
      ['b', 'invalid_json'],
      ['c', 'unknown_type'],
      ['c', 'blocked'],
    ]);
  });

  it('parks a lead’s later records behind a parked one, in this batch or an earlier one', () => {
    const triaged = triageRecords(
      [
        record('a', created('a')),
        record('a', { ...created('a'), version: 'x' }),
        record('a', created('a')),
        record('p', created('p')),
        record('q', created('q')),
      ],
      new Set(['p']),
    );
    expect(triaged.events.map((e) => e.leadId)).toEqual(['a', 'q']);
    expect(triaged.parked.map((p) => [p.leadId, p.code])).toEqual([
      ['a', 'invalid_event'],
      ['a', 'blocked'],
      ['p', 'blocked'],
    ]);
  });
});
