import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  ensureLiveVersion,
  foldFunnel,
} from '@dealflow/read-models';
import { createDb, type Database } from '@dealflow/db';
import { loadHttpSecurity, type HttpApp, type HttpSecurityOptions } from '@dealflow/runtime';
import { createTestDatabase, generateHistory, type TestDatabase } from '@dealflow/testkit';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
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

/**
 * One more lead (a new `LeadCreated` of `seed`'s history) applied to the fixture's live
 * version as the projector applies it: the numbers and the applied position move on.
 */
export async function applyNewLead(fixture: QueryFixture, seed: number): Promise<void> {
  const [created] = generateHistory({ leads: 1, seed, start: '2025-03-01T00:00:00.000Z' });
  if (created === undefined) throw new Error('no event generated');
  const event = { ...created, leadId: crypto.randomUUID() };
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events: [event] });
  await applyFunnelBatch(fixture.tdb.db, fixture.version, folded);
}

/**
 * A query app over the fixture's database, with the service's pool settings, that records
 * every statement it sends (`statements`, cleared by the caller between requests).
 */
export async function recordingQueryApp(
  fixture: QueryFixture,
  options: Pick<QueryAppDeps, 'answerCacheBytes'> = {},
) {
  const statements: string[] = [];
  const { pool } = createDb({ url: fixture.tdb.url, max: 2 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e: LogEvent) => {
      if (e.level === 'query') statements.push(e.query.sql);
    },
  });
  const app = await buildQueryApp({
    db,
    pipelines: loadPipelines(),
    logger: pino({ level: 'silent' }),
    security: loadHttpSecurity({ DEALFLOW_AUTH: 'off' }),
    ...options,
  });
  return {
    app,
    statements,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
