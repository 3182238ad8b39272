import { Buffer } from 'node:buffer';
import { leadCreated, leadEvent } from '@dealflow/testkit';
import { describe, expect, it } from 'vitest';
import { inVersionOrder } from './in-version-order.js';
import type { PositionedRecord } from './positioned-record.js';

const message = (offset: number): PositionedRecord => ({
  stream: 't',
  partition: 0,
  offset,
  timestamp: 0,
  raw: { key: Buffer.from('k'), value: Buffer.from('{}'), headers: {} },
  result: { ok: false, error: { code: 'invalid_json', message: 'not read in this test' } },
});
const advanced = (leadId: string, version: number, fromStage: string, toStage: string) =>
  leadEvent(leadId, version, 'StageAdvanced', { fromStage, toStage });

describe('inVersionOrder', () => {
  it("orders each replay lead's events by version in the lead's places; other leads keep theirs", () => {
    const a3 = advanced('a', 3, 'demo', 'proposal');
    const b1 = leadCreated('b');
    const a1 = leadCreated('a');
    const b2 = advanced('b', 2, 'qualify', 'demo');
    const a4 = advanced('a', 4, 'proposal', 'negotiation');
    const parkedA2 = advanced('a', 2, 'qualify', 'demo');
    const items = inVersionOrder(
      [a3, b1, a1, b2, a4],
      [message(10), message(11), message(12), message(13), message(14)],
      [{ id: 7, event: parkedA2 }],
      new Set(['a']),
    );
    expect(items.map((i) => `${i.event.leadId}${i.event.version}`)).toEqual([
      'a1',
      'a2',
      'b1',
      'a3',
      'b2',
      'a4',
    ]);
    // Each event keeps its own source: a consumed record, or the parked row's id.
    expect(
      items.map((i) => (typeof i.source === 'number' ? `row ${i.source}` : i.source.offset)),
    ).toEqual([12, 'row 7', 11, 10, 13, 14]);
  });

  it('changes nothing without replay leads', () => {
    const events = [advanced('a', 3, 'demo', 'proposal'), leadCreated('a')];
    const items = inVersionOrder(events, [message(1), message(2)], [], new Set(['other']));
    expect(items.map((i) => i.event)).toEqual(events);
  });
});
