import type { LeadEventType } from './event-types.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

/** A raw event envelope as read from JSON, before validation. */
export type RawEnvelope = Record<string, unknown>;

/**
 * Rewrites the raw envelope of one (type, schemaVersion) into the shape of the next version.
 * It need not touch `schemaVersion`: {@link upcast} sets it.
 */
export type Upcaster = (raw: RawEnvelope) => RawEnvelope;

/** Current schema version per type and the upcasters from each older version to the next. */
export interface UpcasterRegistry {
  current: Readonly<Record<LeadEventType, number>>;
  steps: Partial<Record<LeadEventType, Readonly<Record<number, Upcaster>>>>;
}

/**
 * The registry `decodeEvent` and `parseEvent` read through. Every type is at version 1 today,
 * so v1 passes unchanged (identity) — the types of real CRM histories (`StageMovedBack`,
 * `DealReopened`, `AmountChanged`, `OwnerReassigned`) were born at v1 and need no step. A
 * consumer older than them meets an `unknown_type` (parked, then applied by a retry once it
 * knows the type), never a misread. A v2 adds e.g. `steps: { DealWon: { 1: (raw) => … } }`
 * and raises `SCHEMA_VERSIONS.DealWon` to 2.
 */
export const UPCASTERS: UpcasterRegistry = { current: SCHEMA_VERSIONS, steps: {} };

/** The envelope at the current version, or why it cannot be brought there. */
export type UpcastResult =
  | { ok: true; raw: RawEnvelope }
  | { ok: false; reason: 'newer_than_supported' | 'missing_upcaster'; message: string };

/**
 * Brings a raw envelope of `type` written at `schemaVersion` up to the current version by
 * applying one upcaster per version step. A version newer than the current one cannot be read
 * (the producer is ahead of this consumer).
 */
export function upcast(
  raw: RawEnvelope,
  type: LeadEventType,
  schemaVersion: number,
  registry: UpcasterRegistry = UPCASTERS,
): UpcastResult {
  const current = registry.current[type];
  if (schemaVersion > current) {
    return {
      ok: false,
      reason: 'newer_than_supported',
      message: `${type} schemaVersion ${schemaVersion} is newer than the supported ${current}`,
    };
  }
  let result = raw;
  for (let version = schemaVersion; version < current; version += 1) {
    const step = registry.steps[type]?.[version];
    if (step === undefined) {
      return {
        ok: false,
        reason: 'missing_upcaster',
        message: `no upcaster for ${type} from schemaVersion ${version} to ${version + 1}`,
      };
    }
    result = { ...step(result), schemaVersion: version + 1 };
  }
  return { ok: true, raw: result };
}
