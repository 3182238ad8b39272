import { randomUUID } from 'node:crypto';
import { leadEventSchema } from '@dealflow/events';
import { readModelSchemaName } from '@dealflow/read-models';
import { createLogger, loadHttpSecurity, tokenEntry, type HttpApp } from '@dealflow/runtime';
import {
  fuzzFailureLines,
  fuzzOpenApi,
  fuzzSummary,
  type FuzzOptions,
  type FuzzReport,
} from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectorApp } from '../app.js';
import { startHarness, type ProjectorHarness } from '../testing/projector-harness.js';

const logger = createLogger({ name: 'projector-fuzz', level: process.env.LOG_LEVEL ?? 'silent' });
const OPS = 'fuzz-ops-token-0123456789abcdef';
const READER = 'fuzz-reader-token-0123456789abcdef';
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let h: ProjectorHarness;
let projector: ReturnType<ProjectorHarness['projector']>;
const summaries: string[] = [];
const leadIds = ['lead-a', 'lead-b', 'lead-c', 'lead-d'];

beforeAll(async () => {
  h = await startHarness(2);
  projector = h.projector();
  await projector.start();
  // Dead letters to list, retry and discard: garbage, and gaps that stay gaps.
  await h.send([
    { key: 'lead-a', value: '{"nope' },
    { key: 'lead-b', value: JSON.stringify({ type: 'LeadMerged', leadId: 'lead-b' }) },
  ]);
  const at = '2025-04-01T09:00:00.000Z';
  await h.publish(
    ['lead-c', 'lead-d'].map((leadId) =>
      leadEventSchema.parse({
        id: randomUUID(),
        type: 'StageAdvanced',
        schemaVersion: 1,
        leadId,
        version: 2,
        pipelineId: 'default',
        occurredAt: at,
        recordedAt: at,
        data: { fromStage: 'qualify', toStage: 'demo' },
        metadata: {},
      }),
    ),
  );
  await h.caughtUp(projector);
}, 120_000);

afterAll(async () => {
  for (const line of summaries) console.log(line);
  await h.close();
});

/** The dead letters and the read models: a refused request changes none of them. */
async function snapshot(): Promise<unknown> {
  const schema = readModelSchemaName(h.version);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT id, status, attempts, note, error_code FROM ${sql.id(schema, 'parked_events')}
    ORDER BY id
  `.execute(h.db);
  const { rows: leads } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.id(schema, 'leads')}
  `.execute(h.db);
  return { parked: rows, leads: leads[0]?.n };
}

async function fuzz(
  app: HttpApp,
  options: Omit<FuzzOptions, 'inject' | 'doc' | 'snapshot'>,
): Promise<FuzzReport> {
  const doc: unknown = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const { rows } = await sql<{ id: number }>`
    SELECT id FROM ${sql.id(readModelSchemaName(h.version), 'parked_events')}
  `.execute(h.db);
  return fuzzOpenApi({
    inject: (r) => app.inject(r),
    doc,
    snapshot,
    seeds: { id: rows.map((r) => Number(r.id)), leadId: leadIds, version: [h.version] },
    ...(SEED !== undefined && { seed: SEED }),
    ...options,
  });
}

async function app(withAuth: boolean): Promise<HttpApp> {
  return buildProjectorApp({
    logger,
    db: h.db,
    admin: h.admin,
    topic: h.topic,
    projector,
    heartbeatStaleMs: 30_000,
    parked: { pipelines: h.pipelines },
    ...(withAuth && {
      security: loadHttpSecurity({
        AUTH_TOKENS: [tokenEntry(OPS, ['ops']), tokenEntry(READER, ['metrics:read'])].join(','),
        RATE_LIMIT_MAX: '0',
      }),
    }),
  });
}

function expectClean(label: string, report: FuzzReport): void {
  summaries.push(fuzzSummary(label, report));
  expect(fuzzFailureLines(report)).toEqual([]);
  expect(Object.keys(report.byOperation)).toHaveLength(report.operations);
}

describe('projector ops API fuzzed from its OpenAPI document', () => {
  it('auth on with the ops scope: no 5xx, 4xx are contract problems, a refusal changes nothing', async () => {
    const served = await app(true);
    try {
      const report = await fuzz(served, {
        numRuns: RUNS,
        headers: { authorization: `Bearer ${OPS}` },
      });
      expectClean('projector (auth on, ops)', report);
      expect(report.byStatus['200']).toBeGreaterThan(0);
      expect(report.byStatus['400']).toBeGreaterThan(0);
    } finally {
      await served.close();
    }
  });

  it('auth on, no / an insufficient token: never an answer past authentication', async () => {
    const served = await app(true);
    try {
      for (const [label, headers] of [
        ['no token', {}],
        ['metrics:read token', { authorization: `Bearer ${READER}` }],
      ] as const) {
        const report = await fuzz(served, {
          numRuns: 300,
          headers,
          check: ({ operation, mutations, response, problem }) => {
            if (!operation.secured) return undefined;
            if (response.statusCode < 400)
              return `secured operation answered ${response.statusCode}`;
            // Another method, or a path that names another route (`/v1/ops/parked/./retry` is
            // `/v1/ops/parked/retry`, a GET route): refused as such before authentication.
            const otherRoute =
              problem?.code === 'not_found' || problem?.code === 'method_not_allowed';
            if (mutations.includes('wrong-method') || otherRoute) return undefined;
            // A URL that cannot be routed is refused before any route (or its auth) is chosen.
            if (problem?.detail.startsWith('the URL cannot be routed') === true) return undefined;
            return [401, 403].includes(response.statusCode)
              ? undefined
              : `secured operation answered ${response.statusCode} ${problem?.code ?? ''}`;
          },
        });
        expectClean(`projector (auth on, ${label})`, report);
      }
    } finally {
      await served.close();
    }
  });
});
