import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  ensureLiveVersion,
  foldFunnel,
} from '@dealflow/read-models';
import { loadHttpSecurity, type HttpApp, type HttpSecurityOptions } from '@dealflow/runtime';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { pino } from 'pino';
import { buildQueryApp, type QueryAppDeps } from '../app.js';

/** A query app over a database of its own whose live read models hold `events`. */
export interface QueryFixture {
  app: HttpApp;
  tdb: TestDatabase;
  version: number;
  close(): Promise<void>;
}

/**
 * Folds `events` with the projector's own fold and writes them into the live version.
 * Authentication is off unless `options.security` says otherwise (the auth tests do).
 */
export async function startQueryFixture(
  events: readonly LeadEvent[],
  options: {
    minPositionWaitMs?: number;
    liveVersionTtlMs?: number;
    appliedPositionTtlMs?: number;
    security?: HttpSecurityOptions;
    stream?: QueryAppDeps['stream'];
  } = {},
): Promise<QueryFixture> {
  const tdb = await createTestDatabase('query');
  const version = await ensureLiveVersion(tdb.db);
  const pipelines = loadPipelines();
  const folded = foldFunnel({ pipelines, leads: new Map(), events });
  const parked = folded.outcomes.filter((o) => o.kind === 'parked');
  if (parked.length > 0) throw new Error(`fixture events parked: ${JSON.stringify(parked[0])}`);
  await applyFunnelBatch(tdb.db, version, folded);
  await applyLeadListBatch(tdb.db, version, { stored: new Map(), events, folded });
  const app = await buildQueryApp({
    db: tdb.db,
    pipelines,
    logger: pino({ level: 'silent' }),
    security: loadHttpSecurity({ DEALFLOW_AUTH: 'off' }),
    ...options,
  });
  await app.ready();
  return {
    app,
    tdb,
    version,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}
