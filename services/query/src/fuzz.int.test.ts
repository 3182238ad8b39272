import { loadPipelines } from '@dealflow/domain';
import { readModelSchemaName } from '@dealflow/read-models';
import { loadHttpSecurity, tokenEntry, type HttpSecurityOptions } from '@dealflow/runtime';
import {
  fuzzOpenApi,
  fuzzFailureLines,
  fuzzSummary,
  generateHistory,
  type FuzzOptions,
  type FuzzReport,
} from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const READER = 'fuzz-reader-token-0123456789abcdef';
const WRITER = 'fuzz-writer-token-0123456789abcdef';
const OPS = 'fuzz-ops-token-0123456789abcdef0123';
/** Requests per authorised run; with the probes of unauthorised callers ~5 000 in all. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

/** `FUZZ_SEED=<seed of a summary line>` replays a run (each summary line prints its seed). */
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const summaries: string[] = [];
afterAll(() => {
  for (const line of summaries) console.log(line);
});

const history = generateHistory({ leads: 40, seed: 11, start: '2025-03-01T00:00:00.000Z' });

/** The query service only reads: the read models and the event store must never change. */
async function rowCounts(fx: QueryFixture): Promise<Record<string, number>> {
  const schema = readModelSchemaName(fx.version);
  const { rows } = await sql<{ leads: string; metric_events: string; events: string }>`
    SELECT (SELECT count(*) FROM ${sql.id(schema, 'leads')}) AS leads,
           (SELECT count(*) FROM ${sql.id(schema, 'metric_events')}) AS metric_events,
           (SELECT count(*) FROM events) AS events
  `.execute(fx.tdb.db);
  const row = rows[0];
  return {
    leads: Number(row?.leads),
    metricEvents: Number(row?.metric_events),
    events: Number(row?.events),
  };
}

async function fuzz(
  security: HttpSecurityOptions | undefined,
  options: Omit<FuzzOptions, 'inject' | 'doc' | 'snapshot'>,
): Promise<FuzzReport> {
  // A 1 ms read-your-writes wait: a valid X-Dealflow-Min-Position header would otherwise cost 2 s.
  const fx = await startQueryFixture(history, {
    minPositionWaitMs: 1,
    ...(security !== undefined && { security }),
  });
  try {
    const doc: unknown = (await fx.app.inject({ method: 'GET', url: '/docs/json' })).json();
    return await fuzzOpenApi({
      inject: (r) => fx.app.inject(r),
      doc,
      snapshot: () => rowCounts(fx),
      seeds: {
        pipelineId: loadPipelines()
          .list()
          .map((p) => p.id),
        ownerId: ['owner-1', 'owner-2', 'owner-3', 'owner-4'],
        source: ['web', 'referral', 'event', 'outbound'],
      },
      ...(SEED !== undefined && { seed: SEED }),
      ...options,
    });
  } finally {
    await fx.close();
  }
}

const withAuth = () =>
  loadHttpSecurity({
    AUTH_TOKENS: [
      tokenEntry(READER, ['metrics:read']),
      tokenEntry(WRITER, ['leads:write']),
      tokenEntry(OPS, ['ops']),
    ].join(','),
    RATE_LIMIT_MAX: '0',
  });

function expectClean(label: string, report: FuzzReport): void {
  summaries.push(fuzzSummary(label, report));
  expect(fuzzFailureLines(report)).toEqual([]);
  // Every operation of the document was driven, including metrics routes added later.
  expect(Object.keys(report.byOperation)).toHaveLength(report.operations);
}

describe('query API fuzzed from its OpenAPI document', () => {
  it('auth off: no 5xx, 4xx are contract problems, nothing written', async () => {
    const report = await fuzz(undefined, { numRuns: RUNS });
    expectClean('query (auth off)', report);
    expect(report.byStatus['200']).toBeGreaterThan(0);
    expect(report.byStatus['400']).toBeGreaterThan(0);
  });

  it('auth on, a token with metrics:read: the same properties past authentication', async () => {
    const report = await fuzz(withAuth(), {
      numRuns: RUNS,
      headers: { authorization: `Bearer ${READER}` },
    });
    expectClean('query (auth on, metrics:read)', report);
    expect(report.byStatus['200']).toBeGreaterThan(0);
  });

  it('auth on, no / a wrong / an insufficient token: never an answer with numbers', async () => {
    const runs: [string, Record<string, string>, number[]][] = [
      ['no token', {}, [401]],
      ['invalid token', { authorization: 'Bearer not-a-real-token-0123456789' }, [401]],
      // 401 too: a mutation may replace the Authorization header.
      // ops grants nothing of the query service (leads:write does grant the lead lists).
      ['ops token', { authorization: `Bearer ${OPS}` }, [403, 401]],
    ];
    for (const [label, headers, expected] of runs) {
      const report = await fuzz(withAuth(), {
        numRuns: 300,
        headers,
        check: ({ operation, mutations, response, problem }) => {
          if (!operation.secured) return undefined;
          if (response.statusCode < 400) return `secured operation answered ${response.statusCode}`;
          // Another method, a path that names no route or a path parameter the router cannot
          // take (over its length limit) is refused before authentication.
          const beforeAuth =
            mutations.includes('wrong-method') || mutations.includes('bad-path-param');
          if (beforeAuth || problem?.code === 'not_found') return undefined;
          return expected.includes(response.statusCode)
            ? undefined
            : `secured operation answered ${response.statusCode} ${problem?.code ?? ''}`;
        },
      });
      expectClean(`query (auth on, ${label})`, report);
    }
  });
});
