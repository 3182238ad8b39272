import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { EVENT_TYPES, type LeadEvent } from '@dealflow/events';
import { projectionName, readModelSchemaName } from '@dealflow/read-models';
import { createLogger } from '@dealflow/runtime';
import {
  generateHistory,
  leadCreated,
  leadEvent,
  parsePrometheusText,
  waitFor,
} from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProjectorApp } from '../app.js';
import { readCheckpoints } from '../apply/checkpoint.js';
import { readProjectionStatus, type ProjectionStatus } from '../ops/projection-status.js';
import { startHarness, type ProjectorHarness } from '../testing/projector-harness.js';
import { recountFunnel } from '../testing/recount-funnel.js';

const history = (seed: number, leads: number): LeadEvent[] =>
  generateHistory({
    leads,
    seed,
    start: '2025-03-01T00:00:00.000Z',
    pipelines: [defaultPipeline, b2cPipeline],
  });

/** Hand-made events of leads outside the generated history. */
const event = leadEvent;
const created = (leadId: string) => leadCreated(leadId);

let harness: ProjectorHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Projector against real Kafka and Postgres', () => {
  it('folds a generated history into the numbers of a plain recount; redelivery changes nothing', async () => {
    const h = (harness = await startHarness(4));
    const events = history(1, 300);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
    const skips = events.filter((e) => {
      if (e.type !== 'StageAdvanced') return false;
      const stages = (e.pipelineId === 'b2c' ? b2cPipeline : defaultPipeline).stages;
      const at = (id: string) => stages.findIndex((s) => s.id === id);
      return at(e.data.toStage) - at(e.data.fromStage) > 1;
    });
    expect(skips.length).toBeGreaterThan(0);
    await h.publish(events);

    const projector = h.projector({ maxChunkRecords: 100 });
    await projector.start();
    const status = await h.caughtUp(projector);
    expect(status.partitions).toHaveLength(4);
    for (const p of status.partitions) {
      expect(p.headOffset).toBeGreaterThan(0);
      expect(p.appliedOffset).toBe(p.headOffset);
    }
    const expected = recountFunnel(events, h.pipelines);
    expect(await h.funnelRows()).toEqual(expected.rows);
    expect(await h.leadRows()).toEqual(expected.leads);

    // The relay republishes everything (at-least-once): every record is a duplicate.
    await h.publish(events);
    await h.caughtUp(projector);
    expect(await h.funnelRows()).toEqual(expected.rows);
    expect(await h.leadRows()).toEqual(expected.leads);
    expect(projector.snapshot().totals).toMatchObject({
      applied: events.length,
      duplicates: events.length,
      parked: 0,
    });
  });

  it('stays exact across a stop mid-stream, a restart, a zombie consumer and a rebalance', async () => {
    const h = (harness = await startHarness(4));
    const events = history(2, 1000);
    await h.publish(events);

    const first = h.projector({ maxChunkRecords: 5 });
    await first.start();
    await waitFor(() => first.snapshot().totals.applied >= 100, {
      message: 'first projector applied some records',
    });
    await first.stop();
    const [midway] = await readProjectionStatus({ db: h.db, admin: h.admin, topic: h.topic });
    expect(midway?.lagEvents).toBeGreaterThan(0);

    // A restart; a zombie (another group: it consumes every partition, as a member that lost
    // its partitions but still processes a fetched batch would); then a third member joins and
    // the group rebalances while records flow. The checkpoints decide what was applied.
    const second = h.projector({ maxChunkRecords: 3 });
    const zombie = h.projector({ maxChunkRecords: 4, groupId: `zombie.${h.topic}` });
    await Promise.all([second.start(), zombie.start()]);
    // Whichever of the two wins a partition's race applies its records; the other drops them.
    const raced = () => second.snapshot().totals.applied + zombie.snapshot().totals.applied;
    await waitFor(() => raced() >= 100, {
      message: 'the second projector and the zombie applied some records',
    });
    const third = h.projector({ maxChunkRecords: 11 });
    await third.start();
    await h.caughtUp(second);

    const expected = recountFunnel(events, h.pipelines);
    expect(await h.funnelRows()).toEqual(expected.rows);
    expect(await h.leadRows()).toEqual(expected.leads);
    const applied = [first, second, third, zombie].reduce(
      (n, p) => n + p.snapshot().totals.applied,
      0,
    );
    expect(applied).toBe(events.length);
    // The zombie and the group raced for the same records: the losers found them below the
    // checkpoint and dropped them.
    expect(second.snapshot().totals.stale + zombie.snapshot().totals.stale).toBeGreaterThan(0);
  });

  it('parks a malformed record, an unknown type, a gap and what waits behind them; others flow', async () => {
    const h = (harness = await startHarness(3));
    const projector = h.projector();
    await projector.start();

    await h.send([{ key: 'lead-poison', value: '{"type": "LeadCreated", oops' }]);
    await h.publish([created('lead-poison')]);
    await h.send([
      {
        key: 'lead-future',
        value: JSON.stringify({ type: 'LeadMerged', schemaVersion: 1, leadId: 'lead-future' }),
        headers: { ce_type: 'LeadMerged' },
      },
    ]);
    const gapLead = [
      created('lead-gap'),
      event('lead-gap', 3, 'StageAdvanced', { fromStage: 'demo', toStage: 'proposal' }),
      event('lead-gap', 4, 'DealLost', { reason: 'price', fromStage: 'proposal' }),
    ];
    const others = history(3, 60);
    await h.publish([...gapLead, ...others]);
    const status = await h.caughtUp(projector);

    const { rows: parked } = await sql<{ lead_id: string; error_code: string }>`
      SELECT lead_id, error_code FROM ${sql.id(readModelSchemaName(h.version), 'parked_events')}
      ORDER BY lead_id, "offset"
    `.execute(h.db);
    expect(parked).toEqual([
      { lead_id: 'lead-future', error_code: 'unknown_type' },
      { lead_id: 'lead-gap', error_code: 'gap' },
      { lead_id: 'lead-gap', error_code: 'blocked' },
      { lead_id: 'lead-poison', error_code: 'invalid_json' },
      { lead_id: 'lead-poison', error_code: 'blocked' },
    ]);
    expect(status.parked).toBe(5);
    expect(projector.snapshot().totals.unknownTypes).toBe(1);

    const expected = recountFunnel([created('lead-gap'), ...others], h.pipelines);
    expect(await h.funnelRows()).toEqual(expected.rows);
    expect(Object.keys(await h.leadRows()).sort()).toEqual(Object.keys(expected.leads).sort());
  });

  it('applies nothing, and says so, when the topic ends before its checkpoints (recreated)', async () => {
    const h = (harness = await startHarness(2));
    // The read models applied 5 records of each partition of a topic that was then recreated:
    // the new one holds 3 events in all.
    const projection = projectionName(h.version);
    await h.db
      .insertInto('projection_checkpoints')
      .values(
        [0, 1].map((partition) => ({ projection, topic: h.topic, partition, next_offset: 5 })),
      )
      .execute();
    await h.publish([created('lead-a'), created('lead-b'), created('lead-c')]);

    const projector = h.projector({ livenessIntervalMs: 100 });
    await projector.start();
    await waitFor(() => projector.snapshot().state === 'diverged', {
      message: 'the projector to notice the topic ends before its checkpoints',
    });
    await projector.stop();
    expect(projector.snapshot().totals.applied).toBe(0);
    expect(await h.leadRows()).toEqual({});
    const kept = await readCheckpoints(h.db, projection, h.topic);
    expect(kept.map((c) => c.nextOffset)).toEqual([5, 5]);
  });

  it('answers /health, /v1/projections and /metrics as API.md says', async () => {
    const h = (harness = await startHarness(2));
    const events = history(4, 40);
    await h.publish(events);
    const projector = h.projector({ livenessIntervalMs: 100 });
    const app = await buildProjectorApp({
      logger: createLogger({ name: 'projector-app-test', level: 'silent' }),
      db: h.db,
      admin: h.admin,
      topic: h.topic,
      projector,
      heartbeatStaleMs: 1_000,
    });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
    await projector.start();
    await h.caughtUp(projector);

    // No traffic now: the heartbeat still ticks, so health stays green on an idle topic.
    const idleSince = Date.now();
    await waitFor(() => (projector.snapshot().heartbeatAt?.getTime() ?? 0) > idleSince + 300, {
      message: 'heartbeat ticking without traffic',
    });
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', state: 'consuming' });

    const res = await app.inject({ method: 'GET', url: '/v1/projections' });
    expect(res.statusCode).toBe(200);
    const { projections } = res.json<{ projections: ProjectionStatus[] }>();
    expect(projections).toHaveLength(1);
    const [live] = projections;
    expect(live).toMatchObject({
      name: 'read-models@v1',
      version: 1,
      state: 'live',
      lagEvents: 0,
      lagSeconds: 0,
      parked: 0,
    });
    expect(Date.parse(live?.heartbeatAt ?? '')).toBeGreaterThan(idleSince);
    expect(live?.partitions.map((p) => p.partition)).toEqual([0, 1]);
    expect(live?.partitions.reduce((n, p) => n + p.appliedOffset, 0)).toBe(events.length);

    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain(
      'dealflow_projection_lag_events{projection="read-models@v1",state="live"} 0',
    );
    expect(metrics.body).toContain(
      `dealflow_projector_records_total{projection="read-models@v1",outcome="applied"} ${events.length}`,
    );
    const scrape = parsePrometheusText(metrics.body);
    expect(scrape.types.get('dealflow_projector_batch_apply_seconds')).toBe('histogram');
    expect(
      scrape.value('dealflow_projector_batch_apply_seconds_count', {
        projection: 'read-models@v1',
      }),
    ).toBeGreaterThan(0);
    expect(
      scrape.value('dealflow_projection_partition_lag_events', {
        projection: 'read-models@v1',
        partition: '1',
      }),
    ).toBe(0);
    expect(scrape.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    await projector.stop();
    const stopped = await app.inject({ method: 'GET', url: '/health' });
    expect(stopped.statusCode).toBe(503);
    expect(stopped.json()).toMatchObject({ status: 'unavailable', state: 'stopped' });
    await app.close();
  });
});
