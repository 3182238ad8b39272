// The floor of an uncached summary: a Fastify server whose one route runs a fixed list of
// statements (the SQL text and parameters a real `/v1/metrics/summary` sent, recorded by
// `summary-floor.ts`) through the `pg` driver, one after the other, and answers their rows —
// no Kysely, no scope planning, no percentile arithmetic, no hooks. Named prepared statements
// and the server settings of the query service; `PLAN_CACHE_MODE` sets the connections'
// `plan_cache_mode`. Prints its URL once listening.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../services/query/package.json', import.meta.url));
const { default: Fastify } = await import(require.resolve('fastify'));
const { default: pg } = await import(require.resolve('pg'));

const statements = JSON.parse(readFileSync(process.env.STATEMENTS_FILE ?? '', 'utf8'));
const settings = {
  jit: 'off',
  max_parallel_workers_per_gather: '0',
  plan_cache_mode: process.env.PLAN_CACHE_MODE ?? 'auto',
};
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  application_name: 'summary-replay',
  options: Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' '),
});
const app = Fastify({ logger: false });
app.get('/', async () => {
  const rows = [];
  for (const [i, s] of statements.entries()) {
    const result = await pool.query({ name: `replay_${i}`, text: s.sql, values: s.parameters });
    rows.push(result.rows);
  }
  return rows;
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url: address }));
process.once('SIGTERM', () => void app.close().then(() => pool.end().then(() => process.exit(0))));
