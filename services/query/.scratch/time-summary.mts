import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { defaultPipeline, b2cPipeline } from '@dealflow/domain';
import { querySummary } from '@dealflow/read-models';
const url = process.env.URL ?? 'postgres://dealflow@127.0.0.1:5433/listfast_1m';
const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c jit=off' });
let times: { sql: string; ms: number }[] = [];
const db = new Kysely<any>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    if (e.level === 'query')
      times.push({ sql: e.query.sql.replace(/\s+/g, ' ').slice(0, 200), ms: e.queryDurationMillis });
  },
});
const cases: [string, any][] = [
  ['all', {}],
  ['owner+source', { ownerId: 'owner-2', source: 'web' }],
  ['month', { from: new Date('2026-08-04T00:00:00Z'), to: new Date('2026-09-03T00:00:00Z') }],
  ['activity', { window: 'activity', from: new Date('2026-08-04T00:00:00Z'), to: new Date('2026-09-03T00:00:00Z') }],
  ['asOf', { asOf: new Date('2026-10-03T14:28:41.165Z') }],
  ['b2c', { pipelineId: 'b2c', from: new Date('2026-05-16T12:26:15.487Z') }],
];
const now = Date.parse('2026-12-02T14:00:00Z');
for (const [name, f] of cases) {
  const p = f.pipelineId === 'b2c' ? b2cPipeline : defaultPipeline;
  for (let i = 0; i < 3; i++) {
    times = [];
    const t0 = performance.now();
    await querySummary(db, 1, p, f, now);
    const total = performance.now() - t0;
    if (i === 2) {
      console.log(`== ${name}: ${total.toFixed(1)} ms`);
      for (const t of times) console.log(`  ${t.ms.toFixed(1).padStart(7)} ms  ${t.sql}`);
    }
  }
}
await db.destroy();
