import { EVENT_EXAMPLES } from '@dealflow/events';
import { describe, expect, it } from 'vitest';
import { verdictFor } from './dedupe.js';

describe('verdictFor', () => {
  const atVersion2 = EVENT_EXAMPLES.StageAdvanced;

  it('applies the next version of a lead', () => {
    expect(verdictFor(EVENT_EXAMPLES.LeadCreated, undefined)).toBe('apply');
    expect(verdictFor(atVersion2, 1)).toBe('apply');
  });

  it('recognises a repeat by (leadId, version)', () => {
    expect(verdictFor(atVersion2, 2)).toBe('duplicate');
    expect(verdictFor(atVersion2, 5)).toBe('duplicate');
  });

  it('notices missing versions', () => {
    expect(verdictFor(atVersion2, undefined)).toBe('gap');
    expect(verdictFor(EVENT_EXAMPLES.DealWon, 1)).toBe('gap');
  });
});
