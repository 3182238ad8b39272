import { LeadCreatedData, LeadId } from '@dealflow/events';
import { compact } from './compact.js';
import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { CreateLead } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';
import { validateData } from './validate-data.js';

/** A lead is created once, in its pipeline's first stage. */
export function decideCreateLead(
  command: CreateLead,
  state: LeadState,
  ctx: DeciderSettings,
): Decision {
  if (state.status !== 'none') {
    return reject('lead_exists', `lead ${command.leadId} already exists`);
  }
  if (!LeadId.safeParse(command.leadId).success) {
    return reject(
      'validation_error',
      'leadId must be 1–64 characters of [A-Za-z0-9_.:-]',
      'leadId',
    );
  }
  const pipeline = ctx.pipelines.get(command.pipelineId);
  const first = pipeline && ctx.pipelines.openStages(pipeline)[0];
  if (pipeline === undefined || first === undefined) {
    return reject('validation_error', `unknown pipeline ${command.pipelineId}`, 'pipelineId');
  }
  const { name, company, source, ownerId, amount } = command;
  const data = validateData(
    LeadCreatedData,
    compact({ name, company, source, ownerId, amount, stage: first.id }),
  );
  if (!data.ok) {
    return data;
  }
  const time = resolveOccurredAt(command, null, ctx.maxClockSkewMs);
  if (!time.ok) {
    return time;
  }
  return {
    ok: true,
    events: [
      {
        type: 'LeadCreated',
        data: data.data,
        occurredAt: time.occurredAt,
        pipelineId: pipeline.id,
      },
    ],
  };
}
