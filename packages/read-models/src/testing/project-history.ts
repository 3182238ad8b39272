import type { Database } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { generateHistory, type HistoryOptions } from '@dealflow/testkit';
import type { Kysely } from 'kysely';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';

/**
 * Generates a history and applies it to the live read-model version of `db` (created when
 * there is none) in one batch, as the projector's apply step writes it: what a test of the
 * tables reads, or what a migration test takes as a version written before its change.
 */
export async function projectHistory(
  db: Kysely<Database>,
  options: HistoryOptions,
): Promise<{ version: number; schema: string; events: LeadEvent[] }> {
  const version = await ensureLiveVersion(db);
  const events = generateHistory(options);
  await applyFunnelBatch(
    db,
    version,
    foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events }),
  );
  return { version, schema: readModelSchemaName(version), events };
}
