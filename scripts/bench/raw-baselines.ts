import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The raw rates a command is held against, from the same `pg` driver on the same Postgres. */
export interface RawBaselines {
  /** Single-row `INSERT` transactions per second (autocommit), `clients` at once. */
  insertTxPerSec: number;
  /** Rows per second of multi-row `INSERT … SELECT FROM unnest(…)`, `clients` at once. */
  unnestRowsPerSec: number;
}

/**
 * Inserts event-shaped rows into a scratch copy of `events` (same columns, keys and indexes):
 * one row per transaction, then `rowsPerStatement` rows per `unnest` statement, for `seconds`
 * each with `clients` connections.
 */
export async function measureRawBaselines(
  databaseUrl: string,
  opts: { clients: number; seconds: number; rowsPerStatement: number },
): Promise<RawBaselines> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.clients });
  try {
    await pool.query('DROP TABLE IF EXISTS bench_raw_events');
    await pool.query('CREATE TABLE bench_raw_events (LIKE events INCLUDING ALL)');
    const data = JSON.stringify({ toStage: 'demo' });
    const meta = JSON.stringify({ correlationId: 'bench', causationId: 'bench', actor: 'bench' });
    let lead = 0;
    const single = await forSeconds(opts, async () => {
      lead += 1;
      await pool.query(
        `INSERT INTO bench_raw_events (event_id, lead_id, version, type, schema_version, pipeline_id,
           occurred_at, recorded_at, data, metadata)
         VALUES ($1, $2, 1, 'StageAdvanced', 1, 'default', now(), now(), $3, $4)`,
        [randomUUID(), `raw-${lead}`, data, meta],
      );
      return 1;
    });
    const n = opts.rowsPerStatement;
    const multi = await forSeconds(opts, async () => {
      const ids = Array.from({ length: n }, () => randomUUID());
      const leads = ids.map((id) => `raw-${id}`);
      await pool.query(
        `INSERT INTO bench_raw_events (event_id, lead_id, version, type, schema_version, pipeline_id,
           occurred_at, recorded_at, data, metadata)
         SELECT e, l, 1, 'StageAdvanced', 1, 'default', now(), now(), $3::jsonb, $4::jsonb
           FROM unnest($1::uuid[], $2::text[]) AS u(e, l)`,
        [ids, leads, data, meta],
      );
      return n;
    });
    return { insertTxPerSec: single, unnestRowsPerSec: multi };
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_raw_events').catch(() => undefined);
    await pool.end();
  }
}

/** Runs `op` from `clients` loops for `seconds`; returns the units done per second. */
async function forSeconds(
  opts: { clients: number; seconds: number },
  op: () => Promise<number>,
): Promise<number> {
  const end = performance.now() + opts.seconds * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < end) {
        // Awaited first, then added: `done += await op()` would read `done` before the await
        // and write back a stale sum, losing the other clients' work.
        const units = await op();
        done += units;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}
