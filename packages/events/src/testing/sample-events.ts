export {
  /** One valid event of every type (the contract's examples). */
  EVENT_EXAMPLES as sampleEvents,
  /** All sample events, in type order. */
  ALL_EVENT_EXAMPLES as allSampleEvents,
} from '../event-examples.js';
