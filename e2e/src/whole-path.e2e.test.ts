import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  commandsFromHistory,
  driveCommands,
  generateHistory,
  referenceFunnel,
  waitFor,
} from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startStack, type Stack } from './stack.js';

const PIPELINES = [defaultPipeline, b2cPipeline];
const DAY = 86_400_000;

let stack: Stack;
let history: LeadEvent[];

beforeAll(async () => {
  stack = await startStack();
  const now = Date.now();
  history = generateHistory({
    leads: 2_000,
    seed: 20261127,
    start: new Date(now - 40 * DAY),
    spanDays: 30,
    pipelines: PIPELINES,
    until: new Date(now - 60_000),
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(stack.command.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  };
}

const eventCount = async () =>
  Number(
    (
      await stack.db.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('commands over HTTP → numbers over HTTP', () => {
  it('projects thousands of generated leads into funnels equal to the reference fold', async () => {
    const result = await driveCommands(stack.command.url, commandsFromHistory(history), {
      concurrency: 16,
    });
    expect(result.failed).toEqual([]);
    expect(await eventCount()).toBe(history.length);
    await stack.waitForProjection(120_000);

    const owners = [
      ...new Set(
        history.flatMap((e) =>
          e.type === 'LeadCreated' && e.data.ownerId ? [e.data.ownerId] : [],
        ),
      ),
    ];
    const sources = [
      ...new Set(
        history.flatMap((e) => (e.type === 'LeadCreated' && e.data.source ? [e.data.source] : [])),
      ),
    ];
    const mid = new Date(Date.now() - 20 * DAY - 3_600_000 * 5.5);
    const scopes: Record<string, string>[] = [
      {},
      { pipelineId: 'b2c' },
      { ownerId: owners[0] ?? 'nobody' },
      { source: sources[1] ?? 'none' },
      { ownerId: owners[1] ?? 'nobody', source: sources[0] ?? 'none' },
      { from: mid.toISOString() },
      { to: mid.toISOString() },
      {
        from: new Date(mid.getTime() - 7 * DAY).toISOString(),
        to: mid.toISOString(),
        pipelineId: 'b2c',
      },
      { ownerId: 'no-such-owner' },
    ];
    for (const scope of scopes) {
      const body = await getJson(
        `${stack.query.url}/v1/funnel?${new URLSearchParams(scope).toString()}`,
      );
      const expected = referenceFunnel(history, PIPELINES, {
        ...scope,
        from: scope.from ? new Date(scope.from) : undefined,
        to: scope.to ? new Date(scope.to) : undefined,
      });
      expect(body, JSON.stringify(scope)).toEqual(expected);
    }
  }, 180_000);

  it('answers a query sent with X-Dealflow-Min-Position after the write is visible', async () => {
    const created = await post('/v1/leads', {
      leadId: 'ryw-1',
      name: 'Read Your Writes',
      ownerId: 'ryw-owner',
      amount: { value: 1000, currency: 'EUR' },
    });
    expect(created.status).toBe(201);
    const position = created.headers.get('x-dealflow-position');
    expect(Number(position)).toBeGreaterThan(0);
    const res = await fetch(`${stack.query.url}/v1/funnel?ownerId=ryw-owner`, {
      headers: { 'x-dealflow-min-position': String(position) },
    });
    expect(res.headers.get('x-dealflow-stale')).not.toBe('true');
    const body = (await res.json()) as { totals: { leads: number } };
    expect(body.totals.leads).toBe(1);
  });

  it('refuses every bad command with its stable code and writes nothing', async () => {
    const lead = { leadId: 'err-1', name: 'Errors Inc', amount: { value: 500, currency: 'EUR' } };
    expect((await post('/v1/leads', lead)).status).toBe(201);
    const before = await eventCount();
    const cases: [string, unknown, Record<string, string>, number, string][] = [
      ['/v1/leads', '{"name":', {}, 400, 'validation_error'],
      [
        '/v1/leads',
        { name: 'x', amount: { value: -1, currency: 'EUR' } },
        {},
        400,
        'validation_error',
      ],
      [
        '/v1/leads',
        { name: 'x', amount: { value: 1.5, currency: 'EUR' } },
        {},
        400,
        'validation_error',
      ],
      [
        '/v1/leads',
        { name: 'x', amount: { value: 1, currency: 'EUR' }, extra: 1 },
        {},
        400,
        'validation_error',
      ],
      [
        '/v1/leads',
        { leadId: 'bad id!', name: 'x', amount: { value: 1, currency: 'EUR' } },
        {},
        400,
        'validation_error',
      ],
      ['/v1/leads', lead, {}, 409, 'lead_exists'],
      ['/v1/leads/nobody/advance', { toStage: 'demo' }, {}, 404, 'lead_not_found'],
      ['/v1/leads/err-1/advance', { toStage: 'qualify' }, {}, 422, 'invalid_transition'],
      ['/v1/leads/err-1/advance', { toStage: 'no-such-stage' }, {}, 422, 'invalid_transition'],
      [
        '/v1/leads/err-1/advance',
        { toStage: 'demo', occurredAt: '2001-01-01T00:00:00Z' },
        {},
        422,
        'invalid_transition',
      ],
      [
        '/v1/leads/err-1/advance',
        { toStage: 'demo' },
        { 'if-match': '"7"' },
        409,
        'version_conflict',
      ],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const res = await post(path, body, headers);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status, code });
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(await eventCount()).toBe(before);

    const first = await post(
      '/v1/leads/err-1/advance',
      { toStage: 'demo' },
      { 'idempotency-key': 'k-1' },
    );
    expect(first.status).toBe(200);
    const replay = await post(
      '/v1/leads/err-1/advance',
      { toStage: 'demo' },
      { 'idempotency-key': 'k-1' },
    );
    expect(replay).toEqual(expect.objectContaining({ status: 200, body: first.body }));
    const reused = await post(
      '/v1/leads/err-1/advance',
      { toStage: 'proposal' },
      { 'idempotency-key': 'k-1' },
    );
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);
    expect(await eventCount()).toBe(before + 1);

    expect((await post('/v1/leads/err-1/lose', { reason: 'price' })).status).toBe(200);
    const closed = await post('/v1/leads/err-1/win', {});
    expect([closed.status, closed.body.code]).toEqual([409, 'lead_closed']);
    const badQuery = await fetch(`${stack.query.url}/v1/funnel?from=yesterday`);
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { code: string }).code).toBe('validation_error');
  });

  it('lets exactly one of many concurrent writers win each version', async () => {
    expect(
      (
        await post('/v1/leads', {
          leadId: 'race-1',
          name: 'Race',
          amount: { value: 1, currency: 'EUR' },
        })
      ).status,
    ).toBe(201);
    const stages = ['demo', 'proposal', 'negotiation'];
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        post('/v1/leads/race-1/advance', { toStage: stages[i % 3] }, { 'if-match': '"1"' }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(
      answers.filter((a) => a.status === 409).every((a) => a.body.code === 'version_conflict'),
    ).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(23);
    const lead = await getJson<{ version: number }>(`${stack.command.url}/v1/leads/race-1`);
    expect(lead.version).toBe(2);
    await waitFor(
      async () =>
        (await getJson<{ totals: { leads: number } }>(`${stack.query.url}/v1/funnel`)).totals
          .leads > 0,
      { message: 'funnel answers' },
    );
  });
});
