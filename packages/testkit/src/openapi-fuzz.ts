import fc from 'fast-check';
import { operationsOf, type Operation } from './openapi-operations.js';
import { requestArbitrary, type FuzzRequest } from './openapi-mutations.js';

/**
 * The error codes of the public contract (API.md) with their status. Written out here, not
 * imported from the runtime: the fuzzer checks the implementation against the contract.
 */
export const CONTRACT_CODES: Readonly<Record<string, number>> = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  lead_not_found: 404,
  lead_exists: 409,
  lead_closed: 409,
  lead_not_closed: 409,
  already_erased: 409,
  version_conflict: 409,
  invalid_transition: 422,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // Ops routes of the projector (additions to API.md, documented in DEVELOPERS.md).
  rebuild_running: 409,
  parked_event_not_found: 404,
  not_parked: 409,
  version_not_live: 409,
};

/** What the fuzzer needs of an answer (a Fastify `inject` response has it). */
export interface FuzzResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What the fuzzer sends requests through: `(r) => app.inject(r)`. */
export type FuzzInject = (request: FuzzRequest) => Promise<FuzzResponse>;

/** The problem+json body of a 4xx, when it is one. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
}

/** Options of {@link fuzzOpenApi}. */
export interface FuzzOptions {
  inject: FuzzInject;
  /** The service's OpenAPI 3.1 document (`GET /docs/json`). */
  doc: unknown;
  /** Requests to send. */
  numRuns: number;
  /** Seed of the generator (random when absent; the report carries it to replay a run). */
  seed?: number;
  /** Headers of every request before mutations (`authorization` when auth is on). */
  headers?: Record<string, string>;
  /** Known values by parameter or property name (lead ids, pipelines) mixed into valid input. */
  seeds?: Record<string, readonly unknown[]>;
  /** State that must not change when a request is refused (4xx); read after every request. */
  snapshot?: () => Promise<unknown>;
  /** A further property of each answer: a violation message, or undefined. */
  check?: (answer: FuzzAnswer) => string | undefined;
}

/** One request and its answer, for {@link FuzzOptions.check}. */
export interface FuzzAnswer {
  operation: Operation;
  /** The kinds of mutation applied (empty: valid by the schemas). */
  mutations: string[];
  request: FuzzRequest;
  response: FuzzResponse;
  /** The parsed body of a 4xx. */
  problem: Problem | undefined;
}

/** One request that broke a property. */
export interface FuzzFailure {
  operation: string;
  mutations: string[];
  violation: string;
  status: number;
  request: string;
  response: string;
}

/** What a fuzz run did and found. */
export interface FuzzReport {
  seed: number;
  requests: number;
  operations: number;
  /** Requests with at least one mutation (the rest were valid by the schemas). */
  adversarial: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
  byMutation: Record<string, number>;
  failures: FuzzFailure[];
}

const MAX_FAILURES = 25;
const cut = (text: string, n = 300) =>
  text.length > n ? `${text.slice(0, n)}… (${text.length})` : text;

function parseProblem(body: string): Problem | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Problem) : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with a 4xx answer as problem+json of the contract, if anything. */
function problemViolation(res: FuzzResponse, problem: Problem | undefined): string | undefined {
  const header = res.headers['content-type'];
  const type = typeof header === 'string' ? header : '';
  if (!type.startsWith('application/problem+json')) return `4xx with content-type "${type}"`;
  if (problem === undefined) return '4xx body is not a JSON object';
  for (const key of ['type', 'title', 'code', 'detail'] as const) {
    if (typeof problem[key] !== 'string' || problem[key] === '') return `problem without ${key}`;
  }
  if (problem.status !== res.statusCode) return `problem.status ${problem.status} ≠ HTTP status`;
  const expected = CONTRACT_CODES[problem.code];
  if (expected === undefined) return `code "${problem.code}" is not in the contract`;
  if (expected !== res.statusCode) return `code ${problem.code} with status ${res.statusCode}`;
  if (res.statusCode === 405 && typeof res.headers['allow'] !== 'string')
    return '405 without Allow';
  return undefined;
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/**
 * Drives every operation of an OpenAPI document with valid and adversarial requests and checks,
 * for each answer: no 5xx; every 4xx is `application/problem+json` with `type`, `title`,
 * `status`, `code`, `detail` and a contract `code`; nothing changed (`snapshot`) when refused.
 * Violations are collected, not thrown, so one run lists every kind it found.
 *
 * @example
 * const report = await fuzzOpenApi({ inject: (r) => app.inject(r), doc, numRuns: 3000 });
 * expect(report.failures).toEqual([]);
 */
export async function fuzzOpenApi(opts: FuzzOptions): Promise<FuzzReport> {
  const operations = operationsOf(opts.doc);
  if (operations.length === 0) throw new Error('the OpenAPI document lists no operations');
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const report: FuzzReport = {
    seed,
    requests: 0,
    operations: operations.length,
    adversarial: 0,
    byStatus: {},
    byOperation: {},
    byMutation: {},
    failures: [],
  };
  const plans = fc.oneof(
    ...operations.map((op) => requestArbitrary(opts.doc, op, opts.seeds ?? {}, opts.headers ?? {})),
  );
  let state = JSON.stringify(await opts.snapshot?.());
  const property = fc.asyncProperty(plans, async ({ operation, mutations, request }) => {
    const fail = (violation: string, res: FuzzResponse | undefined) => {
      if (report.failures.length >= MAX_FAILURES) return;
      report.failures.push({
        operation: operation.id,
        mutations,
        violation,
        status: res?.statusCode ?? 0,
        request: cut(
          `${request.method} ${request.url} ${JSON.stringify(request.headers)} ${request.payload ?? ''}`,
        ),
        response: cut(res?.body ?? ''),
      });
    };
    report.requests += 1;
    if (mutations.length > 0) report.adversarial += 1;
    count(report.byOperation, operation.id);
    for (const m of new Set(mutations)) count(report.byMutation, m);
    let res: FuzzResponse;
    try {
      res = await opts.inject(request);
    } catch (err) {
      fail(`inject threw: ${String(err)}`, undefined);
      return true;
    }
    count(report.byStatus, String(res.statusCode));
    const problem = res.statusCode >= 400 ? parseProblem(res.body) : undefined;
    const violations = [
      res.statusCode >= 500 ? `status ${res.statusCode}` : undefined,
      res.statusCode >= 400 && res.statusCode < 500 ? problemViolation(res, problem) : undefined,
      opts.check?.({ operation, mutations, request, response: res, problem }),
    ];
    if (opts.snapshot !== undefined) {
      const after = JSON.stringify(await opts.snapshot());
      if (res.statusCode >= 400 && after !== state)
        violations.push(`state changed: ${state} → ${after}`);
      state = after;
    }
    for (const v of violations) if (v !== undefined) fail(v, res);
    return true;
  });
  await fc.assert(property, { numRuns: opts.numRuns, seed });
  return report;
}

/** One line for the test log: `fuzz <label>: N requests over M operations, F failures (seed S)`. */
/** One readable line per failure of a report, for an assertion that lists them all. */
export function fuzzFailureLines(report: FuzzReport): string[] {
  return report.failures.map(
    (f) =>
      `${f.violation} | ${f.operation} [${f.mutations.join(',')}] ${f.request} → ${f.response}`,
  );
}

export function fuzzSummary(label: string, report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return (
    `fuzz ${label}: ${report.requests} requests (${report.adversarial} adversarial) over ` +
    `${report.operations} operations, ${report.failures.length} failures (seed ${report.seed}); ${statuses}`
  );
}

export type { Operation } from './openapi-operations.js';
export type { FuzzRequest } from './openapi-mutations.js';
