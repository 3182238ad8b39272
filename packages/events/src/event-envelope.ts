import { z } from 'zod';
import { EventMetadata } from './event-metadata.js';
import type { LeadEventType } from './event-types.js';
import { IsoTimestamp } from './iso-timestamp.js';
import { LeadId } from './lead-id.js';
import { PipelineId } from './pipeline-id.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

/**
 * Builds the envelope schema of one event type around its `data` schema. Every event shares
 * the envelope of API.md ("Events on Kafka"); only `type`, `schemaVersion` and `data` differ.
 * Callers add `.meta({ title, description })` last, as metadata does not survive `.extend()`.
 */
export function eventEnvelope<T extends LeadEventType, D extends z.ZodObject>(type: T, data: D) {
  return z.object({
    id: z.uuid().describe('Event id (UUIDv7)'),
    type: z.literal(type),
    schemaVersion: z.literal(SCHEMA_VERSIONS[type]),
    leadId: LeadId,
    version: z.int().min(1).describe("Position in the lead's stream: 1, 2, 3 …"),
    pipelineId: PipelineId,
    occurredAt: IsoTimestamp.describe('Business time; may be backdated for imports'),
    recordedAt: IsoTimestamp.describe('Time the event was appended to the event store'),
    data,
    metadata: EventMetadata,
  });
}
