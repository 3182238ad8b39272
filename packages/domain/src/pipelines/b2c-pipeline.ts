import type { Pipeline } from './pipeline.js';

/** A short B2C funnel: interest, checkout, then won or lost. */
export const b2cPipeline: Pipeline = {
  id: 'b2c',
  name: 'B2C checkout',
  stages: [
    { id: 'interested', name: 'Interested', probability: 0.2, kind: 'open' },
    { id: 'checkout', name: 'Checkout', probability: 0.6, kind: 'open' },
    { id: 'won', name: 'Purchased', probability: 1, kind: 'won' },
    { id: 'lost', name: 'Abandoned', probability: 0, kind: 'lost' },
  ],
  lostReasons: ['price', 'shipping', 'payment_failed', 'changed_mind', 'unresponsive', 'other'],
};
