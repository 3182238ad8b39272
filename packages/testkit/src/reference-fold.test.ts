import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import type { LeadCreatedData, LeadEvent } from '@dealflow/events';
import { describe, expect, it } from 'vitest';
import { referenceFunnel } from './reference-fold.js';

const pipelines = [defaultPipeline, b2cPipeline];
let ids = 0;

function envelope(leadId: string, version: number, occurredAt: string, pipelineId = 'default') {
  ids += 1;
  return {
    id: `0192f3a0-7c1e-7000-8000-${String(ids).padStart(12, '0')}`,
    schemaVersion: 1 as const,
    leadId,
    version,
    pipelineId,
    occurredAt,
    recordedAt: occurredAt,
    metadata: {},
  };
}

function created(
  leadId: string,
  at: string,
  dims: Pick<LeadCreatedData, 'ownerId' | 'source'>,
  pipelineId = 'default',
): LeadEvent {
  const stage = pipelineId === 'b2c' ? 'interested' : 'qualify';
  return {
    ...envelope(leadId, 1, at, pipelineId),
    type: 'LeadCreated',
    version: 1,
    data: { name: leadId, amount: { value: 100_000, currency: 'EUR' }, stage, ...dims },
  };
}

function advanced(leadId: string, version: number, fromStage: string, toStage: string): LeadEvent {
  const at = `2025-03-10T10:00:0${version}.000Z`;
  return { ...envelope(leadId, version, at), type: 'StageAdvanced', data: { fromStage, toStage } };
}

function won(leadId: string, version: number, fromStage: string): LeadEvent {
  const data = { amount: { value: 90_000, currency: 'EUR' }, fromStage };
  return { ...envelope(leadId, version, '2025-03-20T10:00:00.000Z'), type: 'DealWon', data };
}

function lost(leadId: string, version: number, fromStage: string): LeadEvent {
  const data = { reason: 'price', fromStage };
  return { ...envelope(leadId, version, '2025-03-20T10:00:00.000Z'), type: 'DealLost', data };
}

/**
 * Given (default pipeline: qualify → demo → proposal → negotiation):
 * - L1 (owner a, web, 1 Mar 10:00) qualify → demo → proposal, won
 * - L2 (owner a, web, 1 Mar 12:00) qualify → proposal (skips demo), lost at proposal
 * - L3 (owner b, no source, 2 Mar 09:00) stays in qualify
 * - L4 (owner b, referral, 2 Mar 23:59:59.999) qualify → demo, open
 * - L5 (owner a, no source, 3 Mar 00:00) lost at qualify
 * - L6 (b2c, 1 Mar) interested → checkout, open
 * and two redelivered events that must not count twice.
 */
const l1Advance = advanced('L1', 2, 'qualify', 'demo');
const l5Created = created('L5', '2025-03-03T00:00:00.000Z', { ownerId: 'a' });
const history: LeadEvent[] = [
  created('L1', '2025-03-01T10:00:00.000Z', { ownerId: 'a', source: 'web' }),
  l1Advance,
  advanced('L1', 3, 'demo', 'proposal'),
  won('L1', 4, 'proposal'),
  created('L2', '2025-03-01T12:00:00.000Z', { ownerId: 'a', source: 'web' }),
  advanced('L2', 2, 'qualify', 'proposal'),
  lost('L2', 3, 'proposal'),
  created('L3', '2025-03-02T09:00:00.000Z', { ownerId: 'b' }),
  created('L4', '2025-03-02T23:59:59.999Z', { ownerId: 'b', source: 'referral' }),
  advanced('L4', 2, 'qualify', 'demo'),
  l5Created,
  lost('L5', 2, 'qualify'),
  created('L6', '2025-03-01T08:00:00.000Z', {}, 'b2c'),
  { ...advanced('L6', 2, 'interested', 'checkout'), pipelineId: 'b2c' },
  l1Advance,
  l5Created,
];

const stage = (
  id: string,
  position: number,
  probability: number,
  counts: [reached: number, current: number, lost: number],
  conversionToNext: number | null,
  cumulativeConversion: number | null,
) => ({
  stage: id,
  position,
  probability,
  reached: counts[0],
  current: counts[1],
  lost: counts[2],
  conversionToNext,
  cumulativeConversion,
});

describe('referenceFunnel on a hand-computed history', () => {
  it('counts the whole default pipeline (duplicates once)', () => {
    expect(referenceFunnel(history, pipelines)).toEqual({
      pipelineId: 'default',
      totals: { leads: 5, open: 2, won: 1, lost: 2 },
      winRate: 1 / 5,
      closeRate: 1 / 3,
      stages: [
        stage('qualify', 1, 0.1, [5, 1, 1], 3 / 5, 1),
        stage('demo', 2, 0.35, [3, 1, 0], 2 / 3, 3 / 5),
        stage('proposal', 3, 0.65, [2, 0, 1], 1 / 2, 2 / 5),
        stage('negotiation', 4, 0.75, [1, 0, 0], 1, 1 / 5),
      ],
    });
  });

  it('filters by owner', () => {
    expect(referenceFunnel(history, pipelines, { ownerId: 'a' })).toEqual({
      pipelineId: 'default',
      totals: { leads: 3, open: 0, won: 1, lost: 2 },
      winRate: 1 / 3,
      closeRate: 1 / 3,
      stages: [
        stage('qualify', 1, 0.1, [3, 0, 1], 2 / 3, 1),
        stage('demo', 2, 0.35, [2, 0, 0], 1, 2 / 3),
        stage('proposal', 3, 0.65, [2, 0, 1], 1 / 2, 2 / 3),
        stage('negotiation', 4, 0.75, [1, 0, 0], 1, 1 / 3),
      ],
    });
  });

  it('keeps the cohort window half-open on the creation instant', () => {
    const filters = {
      from: new Date('2025-03-02T00:00:00.000Z'),
      to: new Date('2025-03-03T00:00:00.000Z'),
    };
    expect(referenceFunnel(history, pipelines, filters)).toEqual({
      pipelineId: 'default',
      totals: { leads: 2, open: 2, won: 0, lost: 0 },
      winRate: 0,
      closeRate: null,
      stages: [
        stage('qualify', 1, 0.1, [2, 1, 0], 1 / 2, 1),
        stage('demo', 2, 0.35, [1, 1, 0], 0, 1 / 2),
        stage('proposal', 3, 0.65, [0, 0, 0], null, 0),
        stage('negotiation', 4, 0.75, [0, 0, 0], null, 0),
      ],
    });
  });

  it('filters by source and answers an empty scope with zeros and nulls', () => {
    const web = referenceFunnel(history, pipelines, { source: 'web' });
    expect(web.totals).toEqual({ leads: 2, open: 0, won: 1, lost: 1 });
    expect(referenceFunnel(history, pipelines, { source: 'nowhere' })).toEqual({
      pipelineId: 'default',
      totals: { leads: 0, open: 0, won: 0, lost: 0 },
      winRate: null,
      closeRate: null,
      stages: [
        stage('qualify', 1, 0.1, [0, 0, 0], null, null),
        stage('demo', 2, 0.35, [0, 0, 0], null, null),
        stage('proposal', 3, 0.65, [0, 0, 0], null, null),
        stage('negotiation', 4, 0.75, [0, 0, 0], null, null),
      ],
    });
  });

  it('answers another pipeline with its own stages, and refuses an unknown one', () => {
    expect(referenceFunnel(history, pipelines, { pipelineId: 'b2c' })).toEqual({
      pipelineId: 'b2c',
      totals: { leads: 1, open: 1, won: 0, lost: 0 },
      winRate: 0,
      closeRate: null,
      stages: [
        stage('interested', 1, 0.2, [1, 0, 0], 1, 1),
        stage('checkout', 2, 0.6, [1, 1, 0], 0, 1),
      ],
    });
    expect(() => referenceFunnel(history, pipelines, { pipelineId: 'nope' })).toThrow(/nope/);
  });
});
