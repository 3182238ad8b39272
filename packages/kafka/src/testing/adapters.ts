import { randomUUID } from 'node:crypto';
import type { LeadEvent } from '@dealflow/events';
import { z } from 'zod';
import { kafkaClientKinds, type KafkaClientKind } from '../kafka-connection.js';

/** `@platformatic/kafka` needs Node 22 or later (it uses `Promise.withResolvers`). */
const platformaticRuns = Number(process.versions.node.split('.')[0]) >= 22;

/**
 * The adapters a test file runs against: the one `KAFKA_CLIENT` names, or every adapter, so
 * both pass the same contract and fault tests. On a Node older than 22 the platformatic adapter
 * cannot load and only kafkajs runs (the services' runtime is Node 24).
 */
export function adaptersUnderTest(env: NodeJS.ProcessEnv = process.env): KafkaClientKind[] {
  const chosen = z
    .enum(kafkaClientKinds)
    .optional()
    .parse(env.KAFKA_CLIENT || undefined);
  if (chosen === 'platformatic' && !platformaticRuns) {
    throw new Error(`KAFKA_CLIENT=platformatic needs Node 22 or later, not ${process.version}`);
  }
  if (chosen !== undefined) return [chosen];
  return kafkaClientKinds.filter((kind) => kind !== 'platformatic' || platformaticRuns);
}

/** Polls until `probe` is true, failing after `timeoutMs`. */
export async function waitUntil(
  probe: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const STAGES = ['qualify', 'demo', 'proposal', 'negotiation'] as const;

/** A lead's stream: created in `qualify`, then advanced through the other open stages. */
export function leadStream(leadId: string): LeadEvent[] {
  const at = (version: number): string => new Date(Date.UTC(2025, 2, 1, 9, version)).toISOString();
  const envelope = (version: number) => ({
    id: randomUUID(),
    schemaVersion: 1 as const,
    leadId,
    version,
    pipelineId: 'default',
    occurredAt: at(version),
    recordedAt: at(version),
    metadata: { correlationId: `corr-${leadId}` },
  });
  const created: LeadEvent = {
    ...envelope(1),
    type: 'LeadCreated',
    version: 1,
    data: { name: `Lead ${leadId}`, amount: { value: 100_000, currency: 'EUR' }, stage: 'qualify' },
  };
  const advanced = STAGES.slice(1).map((toStage, index): LeadEvent => ({
    ...envelope(index + 2),
    type: 'StageAdvanced',
    data: { fromStage: STAGES[index] ?? 'qualify', toStage },
  }));
  return [created, ...advanced];
}
