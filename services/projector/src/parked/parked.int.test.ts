import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { ConsumedMessage } from '@dealflow/kafka';
import { createLogger } from '@dealflow/runtime';
import { generateHistory, leadCreated, leadEvent, waitFor } from '@dealflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProjectorApp } from '../app.js';
import { startHarness, type ProjectorHarness } from '../testing/projector-harness.js';
import { recountFunnel } from '../testing/recount-funnel.js';
import { DLQ_HEADERS, DlqPublisher, dlqTopicOf } from './dlq-publisher.js';
import type { ParkedEvent } from './parked-events.js';

const logger = createLogger({ name: 'parked-test', level: process.env.LOG_LEVEL ?? 'silent' });

const event = leadEvent;
const created = (leadId: string) => leadCreated(leadId);
const advanced = (leadId: string, version: number, fromStage: string, toStage: string) =>
  event(leadId, version, 'StageAdvanced', { fromStage, toStage });

let harness: ProjectorHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface ListBody {
  version: number;
  items: ParkedEvent[];
  nextAfterId: number | null;
}

describe('parked events (dead letters): table, .dlq topic, list, retry, discard', () => {
  it('parks every kind of poison, publishes it to .dlq with its bytes, and ops resolve it exactly', async () => {
    const h = (harness = await startHarness(3));
    const projector = h.projector();
    await projector.start();
    const app = await buildProjectorApp({
      logger,
      db: h.db,
      admin: h.admin,
      topic: h.topic,
      projector,
      heartbeatStaleMs: 30_000,
      parked: { pipelines: h.pipelines },
    });

    // A foreign producer's poison beside well-formed history.
    const garbage = '{"type": "LeadCreated", oops';
    await h.send([{ key: 'lead-json', value: garbage, headers: { 'x-origin': 'crm-sync' } }]);
    await h.publish([created('lead-json')]);
    await h.send([
      { key: 'lead-schema', value: JSON.stringify({ ...created('lead-schema'), version: 'x' }) },
      {
        key: 'lead-type',
        value: JSON.stringify({ ...created('lead-type'), type: 'LeadMerged' }),
        headers: { ce_type: 'LeadMerged' },
      },
    ]);
    // lead-gap: version 3 arrives before version 2 (out of order), 4 waits behind it.
    const gapLead = [
      created('lead-gap'),
      advanced('lead-gap', 2, 'qualify', 'demo'),
      advanced('lead-gap', 3, 'demo', 'proposal'),
      event('lead-gap', 4, 'DealLost', { reason: 'price', fromStage: 'proposal' }),
    ];
    const [gap1, gap2, gap3, gap4] = gapLead as [LeadEvent, LeadEvent, LeadEvent, LeadEvent];
    const others = generateHistory({
      leads: 60,
      seed: 11,
      start: '2025-03-01T00:00:00.000Z',
      pipelines: [defaultPipeline, b2cPipeline],
    });
    await h.publish([gap1, gap3, gap4, ...others]);
    await h.caughtUp(projector);

    const list = async (query = ''): Promise<ListBody> => {
      const res = await app.inject({ method: 'GET', url: `/v1/ops/parked${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ListBody>();
    };
    // Ids follow the order partitions were applied in: find each by lead, then offset.
    const parked = (await list()).items.sort(
      (a, b) => (a.leadId ?? '').localeCompare(b.leadId ?? '') || a.offset - b.offset,
    );
    expect(parked.map((p) => [p.leadId, p.errorCode])).toEqual([
      ['lead-gap', 'gap'],
      ['lead-gap', 'blocked'],
      ['lead-json', 'invalid_json'],
      ['lead-json', 'blocked'],
      ['lead-schema', 'invalid_event'],
      ['lead-type', 'unknown_type'],
    ]);
    const [gap, gapBlocked, json, jsonBlocked, schema, unknownType] = parked as [
      ParkedEvent,
      ParkedEvent,
      ParkedEvent,
      ParkedEvent,
      ParkedEvent,
      ParkedEvent,
    ];
    // The original bytes and headers, kept for whoever fixes it.
    expect(json.valueText).toBe(garbage);
    expect(Buffer.from(json.valueBase64 ?? '', 'base64').toString()).toBe(garbage);
    expect(json.headers).toMatchObject({ 'x-origin': 'crm-sync' });
    expect(unknownType.headers).toMatchObject({ ce_type: 'LeadMerged' });
    // Everyone else flowed: the numbers are those of the well-formed leads that were not held.
    const flowing = [created('lead-gap'), ...others];
    expect(await h.funnelRows()).toEqual(recountFunnel(flowing, h.pipelines).rows);
    const projections = await app.inject({ method: 'GET', url: '/v1/projections' });
    expect(projections.json<{ projections: { parked: number }[] }>().projections[0]?.parked).toBe(
      6,
    );

    // The dead-letter topic gets each of them once, with the original bytes and why.
    const dlq = new DlqPublisher({
      db: h.db,
      kafka: h.kafka,
      admin: h.admin,
      topic: h.topic,
      logger,
      intervalMs: 50,
    });
    await dlq.start();
    const seen: ConsumedMessage[] = [];
    const consumer = h.kafka.consumer({
      groupId: `dlq-reader.${h.topic}`,
      topics: [dlqTopicOf(h.topic)],
      fromBeginning: true,
    });
    await consumer.run((batch) => {
      seen.push(...batch.messages);
      return Promise.resolve();
    });
    try {
      await waitFor(() => seen.length >= 6, { timeoutMs: 30_000, message: 'six dead letters' });
      const byOffset = new Map(
        seen.map((m) => [
          `${m.headers[DLQ_HEADERS.partition]}@${m.headers[DLQ_HEADERS.offset]}`,
          m,
        ]),
      );
      expect(byOffset.size).toBe(6);
      const jsonRecord = byOffset.get(`${json.partition}@${json.offset}`);
      expect(jsonRecord?.value?.toString()).toBe(garbage);
      expect(jsonRecord?.key?.toString()).toBe('lead-json');
      expect(jsonRecord?.headers).toMatchObject({
        'x-origin': 'crm-sync',
        [DLQ_HEADERS.errorCode]: 'invalid_json',
        [DLQ_HEADERS.topic]: h.topic,
        [DLQ_HEADERS.parkedId]: String(json.id),
      });
      expect(byOffset.get(`${gap.partition}@${gap.offset}`)?.headers[DLQ_HEADERS.errorCode]).toBe(
        'gap',
      );
      await waitFor(async () => (await list()).items.every((p) => p.dlqPublishedAt !== null), {
        message: 'every dead letter marked published',
      });
    } finally {
      await consumer.close();
      await dlq.stop();
    }

    // The missing version 2 arrives late: it waits behind the parked version 3.
    await h.publish([gap2]);
    await h.caughtUp(projector);
    const gapWaiting = (await list('?leadId=lead-gap')).items;
    expect(gapWaiting.map((p) => p.errorCode)).toEqual(['gap', 'blocked', 'blocked']);

    // Retry (naming the blocked record works too): versions 2, 3, 4 apply in order, once.
    const retry = await app.inject({
      method: 'POST',
      url: `/v1/ops/parked/${gapBlocked.id}/retry`,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    const retried = retry.json<{ retried: ParkedEvent[]; stillParked: ParkedEvent[] }>();
    expect(retried.retried.map((p) => p.id)).toEqual(gapWaiting.map((p) => p.id));
    expect(retried.retried.every((p) => p.status === 'retried' && p.attempts === 1)).toBe(true);
    expect(retried.stillParked).toEqual([]);
    const again = await app.inject({ method: 'POST', url: `/v1/ops/parked/${gap.id}/retry` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'not_parked' });

    // The garbage cannot apply: retrying keeps it parked (one more attempt) but lets the
    // lead's well-formed creation (version 1, next in line) through.
    const jsonRetry = await app.inject({ method: 'POST', url: `/v1/ops/parked/${json.id}/retry` });
    expect(jsonRetry.statusCode, jsonRetry.body).toBe(200);
    const jsonResult = jsonRetry.json<{ retried: ParkedEvent[]; stillParked: ParkedEvent[] }>();
    expect(jsonResult.retried.map((p) => p.id)).toEqual([jsonBlocked.id]);
    expect(jsonResult.stillParked.map((p) => [p.id, p.errorCode, p.attempts])).toEqual([
      [json.id, 'invalid_json', 1],
    ]);
    // Discard it: the lead no longer waits, its next event applies at once.
    const discard = await app.inject({
      method: 'POST',
      url: `/v1/ops/parked/${json.id}/discard`,
      payload: { note: 'foreign CRM sync, malformed' },
    });
    expect(discard.statusCode, discard.body).toBe(200);
    expect(discard.json()).toMatchObject({
      status: 'discarded',
      note: 'foreign CRM sync, malformed',
    });
    const jsonNext = advanced('lead-json', 2, 'qualify', 'demo');
    await h.publish([jsonNext]);
    await h.caughtUp(projector);

    const all = [...flowing, gap2, gap3, gap4, created('lead-json'), jsonNext];
    const expected = recountFunnel(all, h.pipelines);
    expect(await h.funnelRows()).toEqual(expected.rows);
    const leads = await h.leadRows();
    expect(leads['lead-gap']).toMatchObject({ status: 'lost', version: 4 });
    expect(leads['lead-json']).toMatchObject({ stage: 'demo', version: 2 });
    expect(leads['lead-schema']).toBeUndefined();

    // What is left, and the errors of the ops routes.
    expect((await list()).items.map((p) => p.id).sort((a, b) => a - b)).toEqual(
      [schema.id, unknownType.id].sort((a, b) => a - b),
    );
    expect((await list('?status=all')).items).toHaveLength(7);
    expect((await list('?status=discarded')).items.map((p) => p.id)).toEqual([json.id]);
    const paged = await list('?status=all&limit=4');
    expect(paged.items).toHaveLength(4);
    expect((await list(`?status=all&afterId=${paged.nextAfterId}`)).items).toHaveLength(3);
    const missing = await app.inject({ method: 'POST', url: '/v1/ops/parked/999999/retry' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'parked_event_not_found' });
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/ops/parked/abc/discard',
      payload: {},
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_error' });
    const unknownField = await app.inject({
      method: 'POST',
      url: `/v1/ops/parked/${schema.id}/discard`,
      payload: { note: 'x', force: true },
    });
    expect(unknownField.statusCode).toBe(400);
    // A note Postgres cannot store (NUL) is refused before anything is written.
    const nul = await app.inject({
      method: 'POST',
      url: `/v1/ops/parked/${schema.id}/discard`,
      payload: { note: 'bad\u0000note' },
    });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json()).toMatchObject({ code: 'validation_error' });
    expect((await list()).items).toHaveLength(2);
    const after = await app.inject({ method: 'GET', url: '/v1/projections' });
    expect(after.json<{ projections: { parked: number }[] }>().projections[0]?.parked).toBe(2);
    await app.close();
  }, 120_000);
});
