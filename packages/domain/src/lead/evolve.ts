import type { LeadEvent } from '@dealflow/events';
import { TERMINAL_STAGE_IDS } from '../pipelines/terminal-stage-ids.js';
import type { LeadState } from './lead-state.js';

/**
 * Applies one stored event to a lead's state. Events come from the store, already decided, so
 * they are applied as they are; an event that cannot apply (no lead yet) leaves the state alone.
 */
export function evolve(state: LeadState, event: LeadEvent): LeadState {
  const at = event.occurredAt;
  switch (event.type) {
    case 'LeadCreated':
      if (state.status !== 'none') {
        return state;
      }
      return {
        status: 'open',
        leadId: event.leadId,
        pipelineId: event.pipelineId,
        stage: event.data.stage,
        amount: event.data.amount,
        version: event.version,
        name: event.data.name,
        company: event.data.company ?? null,
        source: event.data.source ?? null,
        ownerId: event.data.ownerId ?? null,
        createdAt: at,
        lastOccurredAt: at,
        closedAt: null,
        erasedAt: null,
      };
    case 'StageAdvanced':
      if (state.status === 'none') {
        return state;
      }
      return { ...state, stage: event.data.toStage, version: event.version, lastOccurredAt: at };
    case 'DealWon':
      if (state.status === 'none') {
        return state;
      }
      return {
        ...state,
        status: 'won',
        stage: TERMINAL_STAGE_IDS.won,
        amount: event.data.amount,
        version: event.version,
        lastOccurredAt: at,
        closedAt: at,
      };
    case 'DealLost':
      if (state.status === 'none') {
        return state;
      }
      return {
        ...state,
        status: 'lost',
        stage: TERMINAL_STAGE_IDS.lost,
        version: event.version,
        lastOccurredAt: at,
        closedAt: at,
      };
    case 'StageMovedBack':
      if (state.status === 'none') {
        return state;
      }
      return { ...state, stage: event.data.toStage, version: event.version, lastOccurredAt: at };
    case 'DealReopened':
      if (state.status === 'none') {
        return state;
      }
      return {
        ...state,
        status: 'open',
        stage: event.data.toStage,
        version: event.version,
        lastOccurredAt: at,
        closedAt: null,
      };
    case 'AmountChanged':
      if (state.status === 'none') {
        return state;
      }
      return { ...state, amount: event.data.amount, version: event.version, lastOccurredAt: at };
    case 'OwnerReassigned':
      if (state.status === 'none') {
        return state;
      }
      return { ...state, ownerId: event.data.ownerId, version: event.version, lastOccurredAt: at };
    case 'LeadErased':
      // Not business activity: `lastOccurredAt` stays, as in the read models.
      if (state.status === 'none') {
        return state;
      }
      return { ...state, erasedAt: at, version: event.version };
    default: {
      const _unhandled: never = event;
      return state;
    }
  }
}
