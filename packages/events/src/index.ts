export { asyncApiDocument, LEAD_EVENTS_TOPIC } from './asyncapi.js';
export { AmountChangedData, amountChangedSchema, type AmountChanged } from './amount-changed.js';
export { DealLostData, dealLostSchema, type DealLost } from './deal-lost.js';
export { DealReopenedData, dealReopenedSchema, type DealReopened } from './deal-reopened.js';
export { DealWonData, dealWonSchema, type DealWon } from './deal-won.js';
export type { DecodeError, DecodeErrorCode, DecodeResult } from './decode-result.js';
export { decodeEvent } from './decode-event.js';
export { encodeEvent, type EncodeOptions } from './encode-event.js';
export {
  EVENT_SCHEMAS,
  eventJsonSchema,
  eventJsonSchemas,
  eventSchemaFiles,
  type JsonSchema,
} from './event-json-schemas.js';
export { EVENT_SCHEMA_BASE_URI, eventSchemaFileName, eventSchemaId } from './event-schema-id.js';
export { ALL_EVENT_EXAMPLES, EVENT_EXAMPLES } from './event-examples.js';
export { EventMetadata } from './event-metadata.js';
export { EVENT_TYPES, type LeadEventType } from './event-types.js';
export { storableText } from './free-text.js';
export { isLeadEventType } from './is-lead-event-type.js';
export { IsoTimestamp } from './iso-timestamp.js';
export type { KafkaRecord, KafkaRecordInput } from './kafka-record.js';
export {
  LeadCreatedData,
  leadCreatedSchema,
  PersonalTextInput,
  type LeadCreated,
} from './lead-created.js';
export { LeadErasedData, leadErasedSchema, type LeadErased } from './lead-erased.js';
export { leadEventSchema, type LeadEvent, type LeadEventOf } from './lead-event.js';
export { LeadId } from './lead-id.js';
export { Money } from './money.js';
export {
  openPersonalFields,
  PersonalDataError,
  type LeadKeyView,
  type PersonalFields,
} from './open-personal-fields.js';
export { parseEvent } from './parse-event.js';
export {
  isSealedText,
  newLeadKey,
  openText,
  sealText,
  SEALED_PREFIX,
  type SealedField,
} from './personal-text.js';
export { breakingChanges, type BreakingChange } from './schema-compat.js';
export { PipelineId } from './pipeline-id.js';
export { SCHEMA_VERSIONS } from './schema-versions.js';
export {
  OwnerReassignedData,
  ownerReassignedSchema,
  type OwnerReassigned,
} from './owner-reassigned.js';
export { StageAdvancedData, stageAdvancedSchema, type StageAdvanced } from './stage-advanced.js';
export {
  StageMovedBackData,
  stageMovedBackSchema,
  type StageMovedBack,
} from './stage-moved-back.js';
export { StageId } from './stage-id.js';
export {
  upcast,
  UPCASTERS,
  type RawEnvelope,
  type Upcaster,
  type UpcasterRegistry,
  type UpcastResult,
} from './upcasters.js';
