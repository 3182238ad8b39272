import { loadPipelines } from '@dealflow/domain';
import { loadHttpSecurity, tokenEntry, type HttpSecurityOptions } from '@dealflow/runtime';
import {
  fuzzFailureLines,
  fuzzOpenApi,
  fuzzSummary,
  type FuzzOptions,
  type FuzzReport,
} from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

const WRITER = 'fuzz-writer-token-0123456789abcdef';
const READER = 'fuzz-metrics-token-0123456789abcdef';
/** Requests per authorised run; with the probes of unauthorised callers ~6 000 in all. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);

/** Codes only a request that got past authentication can earn. */
const DOMAIN_CODES = [
  'lead_not_found',
  'lead_exists',
  'lead_closed',
  'version_conflict',
  'invalid_transition',
  'idempotency_key_reused',
];

/** `FUZZ_SEED=<seed of a summary line>` replays a run (each summary line prints its seed). */
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const summaries: string[] = [];
afterAll(() => {
  for (const line of summaries) console.log(line);
});

/** Leads in every state, so valid requests also reach real leads (and their conflicts). */
async function seedLeads(fx: CommandFixture): Promise<string[]> {
  const ids: string[] = [];
  const auth = { authorization: `Bearer ${WRITER}` };
  for (let i = 0; i < 24; i++) {
    const id = newLeadId('fuzz');
    const created = await fx.post(
      '/v1/leads',
      { leadId: id, name: 'Ada', amount: { value: 1000, currency: 'EUR' } },
      auth,
    );
    expect(created.statusCode).toBe(201);
    if (i % 4 === 1) await fx.post(`/v1/leads/${id}/advance`, { toStage: 'proposal' }, auth);
    if (i % 4 === 2) await fx.post(`/v1/leads/${id}/win`, {}, auth);
    if (i % 4 === 3) await fx.post(`/v1/leads/${id}/lose`, { reason: 'price' }, auth);
    ids.push(id);
  }
  return ids;
}

function seedsFor(leadIds: string[]): FuzzOptions['seeds'] {
  const pipelines = loadPipelines().list();
  return {
    leadId: leadIds,
    pipelineId: pipelines.map((p) => p.id),
    toStage: pipelines.flatMap((p) => p.stages.map((s) => s.id)),
    reason: pipelines.flatMap((p) => p.lostReasons),
    currency: ['EUR', 'USD'],
  };
}

/** Runs the fuzzer on a fresh command app; every 4xx must leave the three tables untouched. */
async function fuzz(
  security: HttpSecurityOptions | undefined,
  options: Omit<FuzzOptions, 'inject' | 'doc' | 'snapshot'>,
): Promise<FuzzReport> {
  const fx = await commandFixture(security === undefined ? {} : { security });
  try {
    const leads = await seedLeads(fx);
    const doc: unknown = (await fx.get('/docs/json')).json();
    return await fuzzOpenApi({
      inject: (r) => fx.app.inject(r),
      doc,
      snapshot: () => fx.counts(),
      seeds: seedsFor(leads),
      ...(SEED !== undefined && { seed: SEED }),
      ...options,
    });
  } finally {
    await fx.close();
  }
}

const withAuth = () =>
  loadHttpSecurity({
    AUTH_TOKENS: [tokenEntry(WRITER, ['leads:write']), tokenEntry(READER, ['metrics:read'])].join(
      ',',
    ),
    RATE_LIMIT_MAX: '0',
  });

function expectClean(label: string, report: FuzzReport): void {
  summaries.push(fuzzSummary(label, report));
  expect(fuzzFailureLines(report)).toEqual([]);
  // Every operation of the document was driven, including routes added after this test.
  expect(Object.keys(report.byOperation)).toHaveLength(report.operations);
}

describe('command API fuzzed from its OpenAPI document', () => {
  it('auth off: no 5xx, 4xx are contract problems, nothing written on a refusal', async () => {
    const report = await fuzz(undefined, { numRuns: RUNS });
    expectClean('command (auth off)', report);
    expect(report.byStatus['201']).toBeGreaterThan(0);
    expect(report.byStatus['400']).toBeGreaterThan(0);
  });

  it('auth on, a token with leads:write: the same properties past authentication', async () => {
    const report = await fuzz(withAuth(), {
      numRuns: RUNS,
      headers: { authorization: `Bearer ${WRITER}` },
    });
    expectClean('command (auth on, leads:write)', report);
    expect(report.byStatus['201']).toBeGreaterThan(0);
  });

  it('auth on, no / a wrong / an insufficient token: only 401 or 403, nothing written', async () => {
    // Nothing gets past authentication: never a success or a domain answer. A request that
    // still matches its route gets exactly `expected`; another method or a mangled path is
    // another (unknown) route, refused as such before authentication.
    const refused =
      (expected: readonly number[]): FuzzOptions['check'] =>
      ({ operation, mutations, response, problem }) => {
        if (!operation.secured) return undefined;
        const code = problem?.code ?? '';
        if (response.statusCode < 400 || DOMAIN_CODES.includes(code)) {
          return `secured operation answered ${response.statusCode} ${code}`;
        }
        const sameRoute =
          !mutations.includes('wrong-method') && !mutations.includes('bad-path-param');
        // `.` and `..` are valid ids but dot segments of a URL: such a path names no route, or
        // another route (`/v1/leads/./lose` is `/v1/leads/lose`, which answers GET only).
        const noRoute = code === 'not_found' || code === 'method_not_allowed';
        if (sameRoute && !noRoute && !expected.includes(response.statusCode)) {
          return `secured operation answered ${response.statusCode} ${code}`;
        }
        return undefined;
      };
    for (const [label, headers, expected] of [
      ['no token', {}, [401]],
      ['invalid token', { authorization: 'Bearer not-a-real-token-0123456789' }, [401]],
      // 401 too: a mutation may replace the Authorization header.
      ['metrics:read token', { authorization: `Bearer ${READER}` }, [403, 401]],
    ] as const) {
      const report = await fuzz(withAuth(), {
        numRuns: 300,
        headers,
        check: refused(expected),
      });
      expectClean(`command (auth on, ${label})`, report);
    }
  });
});
