import { describe, it } from 'vitest';
import { given } from '../testing/decider-spec.js';
import { advanced, created, lost, reopen, reopened, T3, won } from '../testing/lead-fixtures.js';

describe('ReopenDeal', () => {
  it('reopens a lost deal into a named stage', () => {
    given([created(), advanced('qualify', 'proposal'), lost('proposal', 'price')])
      .when(reopen('negotiation'))
      .then([reopened('lost', 'negotiation')]);
  });

  it('reopens a won deal, into any open stage (also an earlier one)', () => {
    given([created(), advanced('qualify', 'negotiation'), won('negotiation')])
      .when(reopen('qualify'))
      .then([reopened('won', 'qualify')]);
  });

  it('reopens a deal that was reopened and closed again', () => {
    given([created(), won('qualify'), reopened('won', 'demo'), lost('demo', 'price', T3)])
      .when(reopen('demo', { now: '2025-03-05T09:00:00.000Z' }))
      .then([reopened('lost', 'demo', '2025-03-05T09:00:00.000Z')]);
  });

  it('rejects a lead that does not exist: lead_not_found', () => {
    given([]).when(reopen('demo')).then('lead_not_found');
  });

  it('rejects an open deal: lead_not_closed', () => {
    given([created(), advanced('qualify', 'demo')])
      .when(reopen('demo'))
      .then('lead_not_closed');
  });

  it.each([['won'], ['lost'], ['checkout']])('rejects reopening into %s', (stage) => {
    given([created(), lost('qualify', 'price')])
      .when(reopen(stage))
      .then('invalid_transition', 'toStage');
  });

  it('rejects an occurredAt before the close', () => {
    given([created(), lost('qualify', 'price')])
      .when(reopen('demo', { occurredAt: '2025-03-02T00:00:00.000Z' }))
      .then('invalid_transition', 'occurredAt');
  });

  it('rejects a lead whose pipeline is no longer configured', () => {
    given([
      { ...created(), pipelineId: 'retired' },
      { ...lost('qualify', 'price'), pipelineId: 'retired' },
    ])
      .when(reopen('demo'))
      .then('invalid_transition');
  });
});
