import { randomUUID } from 'node:crypto';
import { createKafkaClient, type ConsumedMessage } from '@dealflow/kafka';
import { waitFor } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveAccepted, recentHistory } from './histories.js';
import { runOps } from './ops-process.js';
import { funnels, funnelScopes, waitForFunnels } from './rebuild-checks.js';
import { getJson, startStack, type Stack } from './stack.js';

/** Distinctive people: any of these strings found anywhere is a trace. */
const ERASED = {
  full: { leadId: 'erase-full', name: 'Xanthippe Brackenbury', company: 'Brackenbury Marine' },
  bare: { leadId: 'erase-bare', name: 'Zebedee Olorunfemi', company: undefined },
} as const;
const KEPT = { leadId: 'erase-kept', name: 'Ysolde Fairweather', company: 'Fairweather Optics' };
const LOST = { leadId: 'erase-lost-key', name: 'Wilhelmina Oyelaran', company: 'Oyelaran Looms' };
const ERASED_TRACES = ['Xanthippe', 'Brackenbury', 'Zebedee', 'Olorunfemi'];
const ALL_TRACES = [...ERASED_TRACES, 'Ysolde', 'Fairweather', 'Wilhelmina', 'Oyelaran'];
const findTraces = (text: string, traces: readonly string[]) =>
  traces.filter((t) => text.toLowerCase().includes(t.toLowerCase()));

let stack: Stack;
let scopes: Record<string, string>[];

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${stack.command.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function createPerson(p: { leadId: string; name: string; company?: string | undefined }) {
  const res = await post('/v1/leads', {
    leadId: p.leadId,
    name: p.name,
    ...(p.company !== undefined && { company: p.company }),
    ownerId: 'owner-1',
    source: 'web',
    amount: { value: 42_000, currency: 'EUR' },
  });
  expect(res.status).toBe(201);
  expect((await post(`/v1/leads/${p.leadId}/advance`, { toStage: 'demo' })).status).toBe(200);
}

/** Metrics measured at one fixed instant after everything this file does (ages included). */
const AS_OF = new Date(Date.now() + 86_400_000).toISOString();

/** Every number the query service answers, for the scopes of the history. */
async function numbers(): Promise<unknown[]> {
  const q = stack.query.url;
  return [
    ...(await funnels(stack, scopes)),
    await getJson(`${q}/v1/metrics/summary?asOf=${AS_OF}`),
    await getJson(`${q}/v1/metrics/summary?pipelineId=b2c&asOf=${AS_OF}`),
    await getJson(`${q}/v1/metrics/stage-durations?asOf=${AS_OF}`),
  ];
}

/** The text of every row of every table of the database (core and every read-model version). */
async function everyRow(): Promise<Map<string, string>> {
  const { rows: tables } = await sql<{ schema: string; table: string }>`
    SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND (table_schema = 'public' OR table_schema LIKE 'rm\\_v%')
  `.execute(stack.db.db);
  const out = new Map<string, string>();
  for (const { schema, table } of tables) {
    const { rows } = await sql<{ text: string | null }>`
      SELECT string_agg(t::text, E'\\n') AS text FROM ${sql.id(schema, table)} AS t
    `.execute(stack.db.db);
    out.set(`${schema}.${table}`, rows[0]?.text ?? '');
  }
  // Parked values are bytea: read them as text too.
  for (const name of [...out.keys()].filter((n) => n.endsWith('.parked_events'))) {
    const [schema = '', table = ''] = name.split('.');
    const { rows } = await sql<{ text: string | null }>`
      SELECT string_agg(convert_from(value, 'UTF8') || coalesce(error, ''), E'\\n') AS text
      FROM ${sql.id(schema, table)}
    `.execute(stack.db.db);
    out.set(name, `${out.get(name) ?? ''}\n${rows[0]?.text ?? ''}`);
  }
  return out;
}

/** Tables holding a trace, e.g. `{ 'rm_v1.lead_cards': ['Ysolde'] }`. */
async function tracesInDatabase(traces: readonly string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const [table, text] of await everyRow()) {
    const hits = findTraces(text, traces);
    if (hits.length > 0) found[table] = hits;
  }
  return found;
}

/** Every record of a topic from its beginning, read with a plain consumer of its own. */
async function readTopic(topic: string, atLeast: number): Promise<ConsumedMessage[]> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'e2e-erasure-reader' });
  const seen: ConsumedMessage[] = [];
  const consumer = kafka.consumer({
    groupId: `e2e-erasure-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
  });
  await consumer.run((batch) => {
    seen.push(...batch.messages);
    return Promise.resolve();
  });
  try {
    await waitFor(() => seen.length >= atLeast, { timeoutMs: 60_000, message: `${topic} read` });
  } finally {
    await consumer.close();
  }
  return seen;
}

const recordText = (m: ConsumedMessage) =>
  `${m.key?.toString() ?? ''} ${m.value?.toString() ?? ''} ${JSON.stringify(m.headers)}`;

const countEvents = async () =>
  Number(
    (
      await stack.db.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const logs = () => [stack.command, stack.projector, stack.query].map((s) => s.output()).join('\n');

beforeAll(async () => {
  stack = await startStack({ partitions: 3 });
  const history = recentHistory(77, 60);
  scopes = funnelScopes(history);
  await driveAccepted(stack, history);
  await createPerson(ERASED.full);
  await createPerson(ERASED.bare);
  await createPerson(KEPT);
  await stack.waitForProjection(120_000);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('erasure of personal data by crypto-shredding (real services, Kafka, Postgres)', () => {
  it('never stores a name in plaintext; erasure leaves no trace and every number as it was', async () => {
    // Before erasure: shown to readers (opened), stored nowhere but the lead list.
    const kept = await getJson<{ name: string }>(`${stack.query.url}/v1/leads/${KEPT.leadId}`);
    expect(kept.name).toBe(KEPT.name);
    const full = await getJson<{ name: string; company: string }>(
      `${stack.command.url}/v1/leads/${ERASED.full.leadId}`,
    );
    expect([full.name, full.company]).toEqual([ERASED.full.name, ERASED.full.company]);
    const stored = await tracesInDatabase(ALL_TRACES);
    expect(
      // The lead list's cards, and the words of their text that the list's search reads.
      Object.keys(stored).every((t) => t.endsWith('.lead_cards') || t.endsWith('.lead_words')),
      JSON.stringify(stored),
    ).toBe(true);
    const before = await numbers();

    for (const p of Object.values(ERASED)) {
      const res = await post(`/v1/leads/${p.leadId}/erase`, {});
      expect(res.status).toBe(200);
    }
    await stack.waitForProjection(60_000);

    // Bad input: contract codes, nothing written.
    const events = await countEvents();
    const twice = await post(`/v1/leads/${ERASED.full.leadId}/erase`, {});
    expect([twice.status, ((await twice.json()) as { code: string }).code]).toEqual([
      409,
      'already_erased',
    ]);
    const unknown = await post('/v1/leads/erase-nobody/erase', {});
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([
      404,
      'lead_not_found',
    ]);
    expect(await countEvents()).toBe(events);

    // The read models and both APIs read erased; the other person is still shown.
    for (const p of Object.values(ERASED)) {
      const q = await getJson<Record<string, unknown>>(`${stack.query.url}/v1/leads/${p.leadId}`);
      expect(q).toMatchObject({ name: null, company: null, erased: true, stage: 'demo' });
      const c = await getJson<Record<string, unknown>>(`${stack.command.url}/v1/leads/${p.leadId}`);
      expect(c).toMatchObject({ name: null, company: null, erased: true, stage: 'demo' });
    }
    const list = await getJson<{
      leads: { leadId: string; name: string | null; erased: boolean }[];
    }>(`${stack.query.url}/v1/leads?limit=200&ownerId=owner-1&source=web`);
    const listed = Object.fromEntries(list.leads.map((i) => [i.leadId, [i.name, i.erased]]));
    expect(listed[ERASED.full.leadId]).toEqual([null, true]);
    expect(listed[KEPT.leadId]).toEqual([KEPT.name, false]);
    expect(await numbers()).toEqual(before);

    // No trace of the erased people anywhere in Postgres, on the topic or in the logs.
    expect(await tracesInDatabase(ERASED_TRACES)).toEqual({});
    const records = await readTopic(stack.topic, await countEvents());
    expect(records.map(recordText).join('\n')).toMatch(/enc:v1:/);
    expect(findTraces(records.map(recordText).join('\n'), ALL_TRACES)).toEqual([]);
    expect(findTraces(logs(), ERASED_TRACES)).toEqual([]);

    // A rebuild from Kafka, then from the events table: the same numbers, still no name.
    for (const args of [['rebuild'], ['rebuild', '--from', 'events-table']]) {
      const run = await runOps(args, stack.env);
      expect(run.code, run.stderr).toBe(0);
      expect(findTraces(run.stdout + run.stderr, ALL_TRACES)).toEqual([]);
    }
    await waitForFunnels(stack, scopes, before.slice(0, scopes.length), 'rebuilt funnels served');
    await waitFor(async () => JSON.stringify(await numbers()) === JSON.stringify(before), {
      message: 'every number equal after the rebuilds',
    });
    const rebuilt = await getJson<Record<string, unknown>>(
      `${stack.query.url}/v1/leads/${ERASED.full.leadId}`,
    );
    expect(rebuilt).toMatchObject({ name: null, company: null, erased: true });
    const stillKept = await getJson<{ name: string }>(`${stack.query.url}/v1/leads/${KEPT.leadId}`);
    expect(stillKept.name).toBe(KEPT.name);
    expect(await tracesInDatabase(ERASED_TRACES)).toEqual({});
    expect(findTraces(logs(), ERASED_TRACES)).toEqual([]);

    // Erased now, with retired versions kept for rollback: none of them keeps the name either.
    const versions = await stack.db.db.selectFrom('projection_versions').select('state').execute();
    expect(versions.filter((v) => v.state === 'retired').length).toBeGreaterThan(0);
    expect(Object.keys(await tracesInDatabase(['Fairweather'])).length).toBeGreaterThan(1);
    expect((await post(`/v1/leads/${KEPT.leadId}/erase`, {})).status).toBe(200);
    await stack.waitForProjection(60_000);
    expect(await tracesInDatabase(ALL_TRACES)).toEqual({});
    expect(await numbers()).toEqual(before);
  });

  it('stops and names a lead whose key is lost by accident; it never reads as erased', async () => {
    // The projector is down while the key row disappears (an accident, not an erasure).
    await stack.projector.kill();
    const res = await post('/v1/leads', {
      leadId: LOST.leadId,
      name: LOST.name,
      company: LOST.company,
      amount: { value: 7_000, currency: 'EUR' },
    });
    expect(res.status).toBe(201);
    await stack.db.db.deleteFrom('lead_keys').where('lead_id', '=', LOST.leadId).execute();
    await stack.startProjector();
    await stack.waitForProjection(60_000);

    const parked = await runOps(['parked', '--json', '--lead', LOST.leadId], stack.env);
    expect(parked.code, parked.stderr).toBe(0);
    const items = (JSON.parse(parked.stdout) as { items: { errorCode: string; error: string }[] })
      .items;
    expect(items.map((i) => i.errorCode)).toEqual(['key_missing']);
    expect(items[0]?.error).toMatch(new RegExp(`lead ${LOST.leadId} .*no key`));
    const query = await fetch(`${stack.query.url}/v1/leads/${LOST.leadId}`);
    expect(query.status).toBe(404);
    const command = await fetch(`${stack.command.url}/v1/leads/${LOST.leadId}`);
    expect(command.status).toBe(500);

    // Its dead letter carries the sealed bytes only.
    const dead = await readTopic(`${stack.topic}.dlq`, 1);
    const text = dead.map(recordText).join('\n');
    expect(text).toMatch(/key_missing/);
    expect(text).toMatch(/enc:v1:/);
    expect(findTraces(text, ALL_TRACES)).toEqual([]);

    // A rebuild meets it too and stops, naming the lead, leaving live as it is.
    const run = await runOps(['rebuild'], stack.env);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(LOST.leadId);
    expect(findTraces(logs() + run.stdout + run.stderr, ALL_TRACES.slice(0, 4))).toEqual([]);
  });
});
