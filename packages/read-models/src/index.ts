export {
  projectionName,
  readModelDdl,
  readModelSchemaName,
  type FunnelDaily,
  type FunnelDailyRow,
  type Lead,
  type LeadRow,
  type NewLead,
  type ParkedEventRow,
  type ReadModelDatabase,
} from './read-model-schema.js';
