import { describe, expect, it } from 'vitest';
import { toConsumedMessage } from './to-consumed-message.js';

describe('toConsumedMessage', () => {
  const base = {
    key: Buffer.from('lead-1'),
    value: Buffer.from('{}'),
    attributes: 0,
    timestamp: '1740819600000',
  };

  it('turns offsets and timestamps into numbers and headers into text', () => {
    const message = toConsumedMessage({
      ...base,
      offset: '41',
      headers: {
        ce_type: Buffer.from('LeadCreated'),
        ce_id: 'abc',
        twice: ['first', Buffer.from('last')],
        gone: undefined,
      },
    });
    const { offset, key, value, headers, timestamp } = message;
    expect({ offset, key, value, headers, timestamp }).toEqual({
      offset: 41,
      key: base.key,
      value: base.value,
      headers: { ce_type: 'LeadCreated', ce_id: 'abc', twice: 'last' },
      timestamp: 1740819600000,
    });
  });

  it('gives records of the old message format empty headers', () => {
    expect(toConsumedMessage({ ...base, offset: '0', size: 10 }).headers).toEqual({});
  });

  it('refuses offsets beyond 2^53 rather than rounding them', () => {
    expect(() => toConsumedMessage({ ...base, offset: '9007199254740993', headers: {} })).toThrow(
      RangeError,
    );
  });
});
