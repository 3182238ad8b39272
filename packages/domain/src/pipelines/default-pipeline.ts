import type { Pipeline } from './pipeline.js';

/** The generic six-stage B2B funnel of DESIGN.md, with win probabilities per stage. */
export const defaultPipeline: Pipeline = {
  id: 'default',
  name: 'B2B sales',
  stages: [
    { id: 'qualify', name: 'Qualify', probability: 0.1, kind: 'open' },
    { id: 'demo', name: 'Demo', probability: 0.35, kind: 'open' },
    { id: 'proposal', name: 'Proposal', probability: 0.65, kind: 'open' },
    { id: 'negotiation', name: 'Negotiation', probability: 0.75, kind: 'open' },
    { id: 'won', name: 'Closed won', probability: 1, kind: 'won' },
    { id: 'lost', name: 'Closed lost', probability: 0, kind: 'lost' },
  ],
  lostReasons: [
    'price',
    'competitor',
    'no_budget',
    'no_decision',
    'timing',
    'product_fit',
    'unresponsive',
    'other',
  ],
};
