import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDb, migrateToLatest, type DbHandle } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { ensureLocalServers } from '@dealflow/infra';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  ensureLiveVersion,
  foldFunnel,
  loadLeads,
  readModelSchemaName,
} from '@dealflow/read-models';
import pg from 'pg';
import { progressReporter } from '../progress.js';
import { loadAverage } from './http-load.js';
import { historyChunk, type LoadPlan } from './metrics-load.js';
import { describeLatencies } from './stats.js';

/** The narrow sort indexes lead lists had before their covering ones (the baseline). */
const NARROW = [
  ['last_occurred_at', 'leads_list_activity'],
  ['created_at', 'leads_list_created'],
  ['amount', 'leads_list_amount'],
] as const;

interface Variant {
  label: string;
  name: string;
  url: string;
  handle: DbHandle;
  version: number;
  millis: number[];
}

async function createVariant(adminUrl: string, label: string): Promise<Variant> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ url: url.toString(), max: 1 });
  await migrateToLatest(handle.db);
  const version = await ensureLiveVersion(handle.db);
  return { label, name, url: url.toString(), handle, version, millis: [] };
}

/** Puts the narrow indexes of the baseline in place of the covering ones. */
async function narrowIndexes(v: Variant): Promise<void> {
  const schema = readModelSchemaName(v.version);
  const client = new pg.Client({ connectionString: v.url });
  await client.connect();
  try {
    for (const [key, narrow] of NARROW) {
      await client.query(`DROP INDEX ${schema}.leads_list_${key}_cover`);
      await client.query(
        `CREATE INDEX ${narrow} ON ${schema}.leads (pipeline_id, ${key}, lead_id COLLATE "C")`,
      );
    }
    await client.query(`ALTER TABLE ${schema}.leads RESET (autovacuum_vacuum_scale_factor,
      autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)`);
  } finally {
    await client.end();
  }
}

/** The projector's apply of one batch: load the stored leads, fold, write both read models. */
async function applyBatch(v: Variant, events: Parameters<typeof foldFunnel>[0]['events']) {
  const started = performance.now();
  await v.handle.db.transaction().execute(async (trx) => {
    const leads = await loadLeads(trx, v.version, [...new Set(events.map((e) => e.leadId))]);
    const folded = foldFunnel({ pipelines: loadPipelines(), leads, events });
    await applyFunnelBatch(trx, v.version, folded);
    await applyLeadListBatch(trx, v.version, { stored: leads, events, folded });
  });
  v.millis.push(performance.now() - started);
}

/**
 * `npm run bench -- lead-list-writes [--leads 100000] [--batch 1000]`
 *
 * What the lead lists' covering sort indexes cost the projector: the same generated history
 * (≈ 3.7 events a lead, in `recordedAt` order) applied in batches of `--batch` events, the way
 * the projector applies a topic (load the stored leads, fold, write both read models, one
 * transaction), to two fresh databases — the current schema, and the baseline with the narrow
 * sort indexes of before — batch by batch in turn, so both see the same machine. Prints events
 * per second of each and their ratio, and the batch latencies.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '1000' },
    },
  });
  const plan: LoadPlan = {
    leads: Number(values.leads),
    chunkLeads: 25_000,
    now: Date.now(),
    spanDays: 365,
  };
  const batch = Number(values.batch);
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  const covering = await createVariant(servers.databaseUrl, 'covering sort indexes (current)');
  const narrow = await createVariant(servers.databaseUrl, 'narrow sort indexes (baseline)');
  const variants = [covering, narrow];
  try {
    await narrowIndexes(narrow);
    const loadBefore = await loadAverage();
    const report = progressReporter('applied (leads, to both)', plan.leads);
    let events = 0;
    for (let c = 0; c * plan.chunkLeads < plan.leads; c++) {
      const history = historyChunk(plan, c);
      for (let i = 0; i < history.length; i += batch) {
        const slice = history.slice(i, i + batch);
        // Alternate which goes first, so neither always meets a warmer cache.
        const order = (i / batch) % 2 === 0 ? variants : [...variants].reverse();
        for (const v of order) await applyBatch(v, slice);
      }
      events += history.length;
      report(Math.min(plan.leads, (c + 1) * plan.chunkLeads));
    }
    const seconds = (v: Variant) => v.millis.reduce((a, b) => a + b, 0) / 1000;
    console.log(`\n== lead list write cost: ${plan.leads} leads / ${events} events ==`);
    console.log(
      `method: the projector's apply (load, fold, write) in ${batch}-event transactions, one writer per database, batches alternating`,
    );
    console.log(`load average (1/5/15 min): ${loadBefore} before, ${await loadAverage()} after`);
    for (const v of variants) {
      console.log(
        `  ${v.label}: ${(events / seconds(v)).toFixed(0)} events/s; per batch ${describeLatencies(v.millis)}`,
      );
    }
    console.log(
      `covering ÷ baseline apply time: ${(seconds(covering) / seconds(narrow)).toFixed(2)}`,
    );
  } finally {
    const admin = new pg.Client({ connectionString: servers.databaseUrl });
    await admin.connect();
    for (const v of variants) {
      await v.handle.close();
      await admin.query(`DROP DATABASE IF EXISTS ${v.name} WITH (FORCE)`);
    }
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
