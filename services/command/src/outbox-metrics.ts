import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import { perScrape } from '@dealflow/runtime';

/**
 * The outbox as Prometheus sees it, read at scrape time: how many committed events wait for
 * Kafka, and how long the oldest has waited. A growing age is the first sign of a stuck relay
 * or an unreachable broker, while commands keep being accepted.
 */
export function registerOutboxMetrics(registry: Registry, db: Kysely<Database>): void {
  const read = perScrape(async () => {
    const { rows } = await sql<{ rows: string; age: number | null }>`
      SELECT count(*)::text AS rows,
             extract(epoch FROM clock_timestamp() - min(enqueued_at))::float8 AS age
      FROM outbox
    `.execute(db);
    return { rows: Number(rows[0]?.rows ?? 0), age: rows[0]?.age ?? 0 };
  });
  new Gauge({
    name: 'dealflow_outbox_backlog',
    help: 'Events committed and not yet acknowledged by Kafka',
    registers: [registry],
    async collect() {
      this.set((await read()).rows);
    },
  });
  new Gauge({
    name: 'dealflow_outbox_oldest_age_seconds',
    help: 'How long the oldest unpublished event has waited (0 when none waits)',
    registers: [registry],
    async collect() {
      this.set((await read()).age);
    },
  });
}
