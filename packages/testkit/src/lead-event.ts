import { randomUUID } from 'node:crypto';
import { leadEventSchema, type LeadEvent } from '@dealflow/events';

/**
 * One hand-made, schema-valid event of a lead in the default pipeline, for tests that need a
 * particular story (a gap, a late version, a foreign producer's record) beside a generated
 * history. `occurredAt` = `recordedAt` = `base` + `version` minutes unless given.
 *
 * @example leadEvent('lead-1', 2, 'StageAdvanced', { fromStage: 'qualify', toStage: 'demo' })
 */
export function leadEvent(
  leadId: string,
  version: number,
  type: LeadEvent['type'],
  data: object,
  base: Date = new Date(Date.UTC(2025, 3, 1, 9, 0)),
): LeadEvent {
  const at = new Date(base.getTime() + version * 60_000).toISOString();
  return leadEventSchema.parse({
    id: randomUUID(),
    type,
    schemaVersion: 1,
    leadId,
    version,
    pipelineId: 'default',
    occurredAt: at,
    recordedAt: at,
    data,
    metadata: {},
  });
}

/** A `LeadCreated` of `leadId` (5 000 EUR, at `qualify`), version 1. */
export const leadCreated = (leadId: string, base?: Date): LeadEvent =>
  leadEvent(
    leadId,
    1,
    'LeadCreated',
    { name: leadId, amount: { value: 5000, currency: 'EUR' }, stage: 'qualify' },
    base,
  );
