import { describe, expect, it } from 'vitest';
import { fuzzOpenApi, type FuzzResponse } from './openapi-fuzz.js';
import type { FuzzRequest } from './openapi-mutations.js';

/** A one-operation document: `POST /things/{id}` with a strict body. */
const doc = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      post: {
        parameters: [
          {
            in: 'path',
            name: 'id',
            required: true,
            schema: { type: 'string', pattern: '^[a-z]{1,8}$' },
          },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 20 },
                  amount: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
                  at: { type: 'string', format: 'date-time' },
                  kind: { enum: ['a', 'b'] },
                },
                required: ['name', 'amount'],
                additionalProperties: false,
              },
            },
          },
        },
      },
    },
  },
};

const problem = (status: number, code: string): FuzzResponse => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  body: JSON.stringify({ type: `t/${code}`, title: code, status, code, detail: code }),
});

/** A server that refuses everything properly, except where `bug` says otherwise. */
function server(bug: (request: FuzzRequest) => FuzzResponse | undefined) {
  const requests: FuzzRequest[] = [];
  return {
    requests,
    inject: (request: FuzzRequest) => {
      requests.push(request);
      return Promise.resolve(bug(request) ?? problem(400, 'validation_error'));
    },
  };
}

describe('fuzzOpenApi', () => {
  it('passes a server that answers every request with a contract problem', async () => {
    const s = server(() => undefined);
    const report = await fuzzOpenApi({ inject: s.inject, doc, numRuns: 300, seed: 1 });
    expect(report.failures).toEqual([]);
    expect(report.requests).toBe(300);
    expect(report.byOperation).toEqual({ 'POST /things/{id}': 300 });
    // Valid and adversarial requests both, and the adversarial kinds the brief asks for.
    expect(report.adversarial).toBeGreaterThan(150);
    expect(report.adversarial).toBeLessThan(300);
    for (const kind of ['malformed-json', 'bad-field', 'missing-required', 'unknown-field']) {
      expect(report.byMutation[kind]).toBeGreaterThan(0);
    }
  });

  it('finds a 5xx, a 4xx that is not problem+json and a code outside the contract', async () => {
    const s = server((r) => {
      if (r.payload?.includes('\u0000') === true) return { statusCode: 500, headers: {}, body: '' };
      if (r.url.includes('%')) {
        return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{}' };
      }
      if (r.method === 'PUT') return problem(404, 'route_missing');
      return undefined;
    });
    const report = await fuzzOpenApi({ inject: s.inject, doc, numRuns: 2000, seed: 2 });
    const violations = new Set(report.failures.map((f) => f.violation.split(' "')[0]));
    expect(violations).toEqual(new Set(['status 500', '4xx with content-type', 'code']));
  });

  it('finds a write on a refused request through the snapshot', async () => {
    let rows = 0;
    const s = server((r) => {
      if (r.payload?.includes('padding') === true) rows += 1; // the bug: it writes, then refuses
      return r.payload?.includes('padding') === true
        ? problem(413, 'payload_too_large')
        : undefined;
    });
    const report = await fuzzOpenApi({
      inject: s.inject,
      doc,
      numRuns: 300,
      seed: 3,
      snapshot: () => Promise.resolve({ rows }),
    });
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures[0]?.violation).toMatch(/^state changed/);
  });
});
