export {
  startLeadEventConsumer,
  type ConsumerStats,
  type LeadEventConsumer,
  type LeadEventConsumerOptions,
} from './consumer.js';
export { memoryVersionStore, verdictFor, type Verdict, type VersionStore } from './dedupe.js';
