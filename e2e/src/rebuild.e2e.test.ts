import { EVENT_TYPES, type LeadEvent } from '@dealflow/events';
import { commandsFromHistory, driveCommands, waitFor } from '@dealflow/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOps, runOps } from './ops-process.js';
import { recentHistory } from './histories.js';
import {
  expectedFunnels,
  funnelScopes,
  funnels,
  waitForFunnels,
  versionRows,
  versionStates,
} from './rebuild-checks.js';
import { getJson, startStack, type Stack } from './stack.js';

/** The histories of this file: leads created over 30 days, from 40 days back. */
const history = (seed: number, leads: number): LeadEvent[] =>
  recentHistory(seed, leads, { daysAgo: 40, spanDays: 30 });

interface FunnelBody {
  totals: { leads: number };
  stages: { stage: string; reached: number }[];
}

/**
 * The numbers that only grow while commands only add: leads and reached per stage (a set: a
 * move back or a reopening takes no arrival back). Won and lost may fall: a reopened deal no
 * longer counts its close.
 */
const growing = (body: FunnelBody): number[] => [
  body.totals.leads,
  ...body.stages.map((s) => s.reached),
];

/**
 * Polls `/v1/funnel` (default and b2c) until stopped; records every error and every number
 * that went down from one answer to the next.
 */
function pollFunnels(stack: Stack) {
  const problems: string[] = [];
  let polls = 0;
  let running = true;
  const loop = async (pipelineId: string) => {
    let previous: number[] | undefined;
    while (running) {
      const res = await fetch(`${stack.query.url}/v1/funnel?pipelineId=${pipelineId}`).catch(
        (err: unknown) => err,
      );
      if (!(res instanceof Response) || !res.ok) {
        problems.push(`${pipelineId}: ${res instanceof Response ? res.status : String(res)}`);
        continue;
      }
      const now = growing((await res.json()) as FunnelBody);
      polls++;
      if (previous !== undefined && now.some((n, i) => n < (previous?.[i] ?? 0))) {
        problems.push(
          `${pipelineId} went back: ${JSON.stringify(previous)} → ${JSON.stringify(now)}`,
        );
      }
      previous = now;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const done = Promise.all([loop('default'), loop('b2c')]);
  return {
    async stop() {
      running = false;
      await done;
      return { problems, polls };
    },
  };
}

interface ProjectionsBody {
  projections: { version: number; state: string; lagEvents: number }[];
}

let stack: Stack;
let events: LeadEvent[];

/** A version's stored offsets, by partition. */
async function checkpoints(version: number): Promise<Record<number, number>> {
  const rows = await stack.db.db
    .selectFrom('projection_checkpoints')
    .select(['partition', 'next_offset'])
    .where('projection', '=', `read-models@v${version}`)
    .where('topic', '=', stack.topic)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.partition, r.next_offset]));
}

beforeAll(async () => {
  stack = await startStack();
  events = history(501, 1_500);
  // Live, then rebuilt: every event type is in the history, moves back and reopenings too.
  expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  const result = await driveCommands(stack.command.url, commandsFromHistory(events), {
    concurrency: 16,
  });
  expect(result.failed).toEqual([]);
  await stack.waitForProjection(120_000);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('rebuild: replay history into a new read-model version, switch with zero downtime', () => {
  it('rebuilds from Kafka into exactly the numbers of the live version, row for row (two consumer threads)', async () => {
    const scopes = funnelScopes(events);
    const before = await funnels(stack, scopes);
    expect(before).toEqual(expectedFunnels(events, scopes));

    // Two consumers of the rebuild's group in worker threads split the partitions; the tests
    // below rebuild with the default single consumer.
    const run = await runOps(['rebuild', '--workers', '2'], stack.env, 'info');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('rebuild consumers running in worker threads');
    // Both threads consumed: each logs as a projector with its thread id.
    const threads = new Set(
      [...run.stderr.matchAll(/"rebuildWorker":(\d+).*"msg":"projector consuming"/g)].map(
        (m) => m[1],
      ),
    );
    expect(threads.size).toBe(2);
    expect(run.stdout).toMatch(/v2 is live \(v1 retired\)/);
    expect(run.stderr).toMatch(/v2 kafka .* ev\/s ETA/);
    // The cell tables' build, between the records and the switch, counts its parts to the last.
    expect(run.stderr).toMatch(/v2 cells .* 0\/(\d+) 0\.0% parts/);
    expect(run.stderr).toMatch(/v2 cells .* (\d+)\/\1 100\.0% parts, \S+ each ETA 0s/);
    expect(await versionStates(stack.db.db)).toEqual({ 1: 'retired', 2: 'live' });
    expect(await versionRows(stack.db.db, 2)).toEqual(await versionRows(stack.db.db, 1));
    await waitForFunnels(stack, scopes, before, 'query serves v2 with the same numbers');

    const body = await getJson<ProjectionsBody>(`${stack.projector.url}/v1/projections`);
    expect(body.projections.map((p) => [p.version, p.state, p.lagEvents])).toEqual([
      [1, 'retired', 0],
      [2, 'live', 0],
    ]);
    const status = await runOps(['status'], stack.env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/v2\s+live\s+0/);
  }, 180_000);

  it('--from events-table yields the same rows as the Kafka rebuild, whatever else is open', async () => {
    // A transaction left open elsewhere (older than the events written next) must not hide
    // those events from the replay.
    const open = new pg.Client({ connectionString: stack.db.url });
    await open.connect();
    await open.query('BEGIN');
    await open.query('SELECT pg_current_xact_id()');
    try {
      const later = history(504, 100);
      const driven = await driveCommands(stack.command.url, commandsFromHistory(later), {
        concurrency: 8,
      });
      expect(driven.failed).toEqual([]);
      await stack.waitForProjection(120_000);
      events = [...events, ...later];
      const run = await runOps(['rebuild', '--from', 'events-table'], stack.env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/v3 is live \(v2 retired\)/);
      expect(run.stderr).toMatch(/v3 events-table/);
    } finally {
      await open.query('ROLLBACK');
      await open.end();
    }
    const rows = await versionRows(stack.db.db, 3);
    expect(rows.leads).toHaveLength(1_600);
    expect(rows).toEqual(await versionRows(stack.db.db, 2));
    const scopes = funnelScopes(events);
    await waitForFunnels(
      stack,
      scopes,
      expectedFunnels(events, scopes),
      'funnels of v3 equal the reference',
    );
  }, 180_000);

  it('while commands keep arriving and the query API is polled: no error, nothing goes back, all counted', async () => {
    const poller = pollFunnels(stack);
    // Commands arrive in chunks of fresh leads for as long as the rebuild runs, however long
    // that takes on this machine, and one chunk more after its switch.
    let rebuilding = true;
    let chunksDuringRebuild = 0;
    const more: LeadEvent[] = [];
    const failed: unknown[] = [];
    const driving = (async () => {
      for (let seed = 10_000; ; seed++) {
        const last = !rebuilding;
        const chunk = history(seed, 40);
        const driven = await driveCommands(stack.command.url, commandsFromHistory(chunk), {
          concurrency: 8,
        });
        failed.push(...driven.failed);
        more.push(...chunk);
        if (rebuilding) chunksDuringRebuild++;
        if (last) return;
      }
    })();
    const run = await runOps(['rebuild'], stack.env).finally(() => {
      rebuilding = false;
    });
    expect(run.code, run.stderr).toBe(0);
    const retiredAtSwitch = await checkpoints(3);
    await driving;
    expect(failed).toEqual([]);
    // Whole chunks were accepted while the rebuild ran; the last one started after its switch.
    expect(chunksDuringRebuild).toBeGreaterThan(0);
    await stack.waitForProjection(120_000);
    const { problems, polls } = await poller.stop();
    expect(problems).toEqual([]);
    expect(polls).toBeGreaterThan(20);
    const all = [...events, ...more];
    const scopes = funnelScopes(all);
    // The query service sees the switch within its live-version cache (1 s): the last chunk,
    // sent after the switch, may be applied before it does.
    await waitForFunnels(stack, scopes, expectedFunnels(all, scopes), 'v4 serves every command');
    expect(await versionStates(stack.db.db)).toMatchObject({ 3: 'retired', 4: 'live' });
    // Nothing landed in the retired version after the switch.
    expect(await checkpoints(3)).toEqual(retiredAtSwitch);
    events = all;
  }, 300_000);

  it('a rebuild killed mid-way (SIGKILL) continues from its checkpoints and matches', async () => {
    const proc = spawnOps(['rebuild', '--chunk-records', '50'], stack.env);
    await waitFor(
      async () => {
        const states = await versionStates(stack.db.db);
        if (states[5] !== 'building') return false;
        const rows = await stack.db.db
          .selectFrom('projection_checkpoints')
          .select((eb) => eb.fn.sum<number>('next_offset').as('n'))
          .where('projection', '=', 'read-models@v5')
          .executeTakeFirst();
        return Number(rows?.n ?? 0) > 500;
      },
      { timeoutMs: 60_000, message: 'rebuild of v5 under way' },
    );
    await proc.kill('SIGKILL');
    expect(await versionStates(stack.db.db)).toMatchObject({ 4: 'live', 5: 'building' });

    const resumed = await runOps(['rebuild', '--resume'], stack.env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming v5/);
    expect(await versionStates(stack.db.db)).toMatchObject({ 4: 'retired', 5: 'live' });
    expect(await versionRows(stack.db.db, 5)).toEqual(await versionRows(stack.db.db, 4));
    const scopes = funnelScopes(events);
    await waitForFunnels(
      stack,
      scopes,
      expectedFunnels(events, scopes),
      'funnels equal the reference after the resumed rebuild',
    );
  }, 180_000);

  it('rolls back to the previous version and drops old ones, never the live one', async () => {
    const rollback = await runOps(['rollback'], stack.env);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toMatch(/v4 is live again; v5 retired/);
    const refused = await runOps(['drop', '4'], stack.env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is live/);
    const dropped = await runOps(['drop', '1'], stack.env);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(await versionStates(stack.db.db)).toEqual({
      2: 'retired',
      3: 'retired',
      4: 'live',
      5: 'retired',
    });
    const scopes = funnelScopes(events);
    await waitForFunnels(
      stack,
      scopes,
      expectedFunnels(events, scopes),
      'the rolled-back version serves the reference numbers',
    );
  }, 120_000);
});
