import type { Database } from '@dealflow/db';
import type { LeadEvent } from '@dealflow/events';
import { listVersions, readModelSchemaName } from '@dealflow/read-models';
import { referenceFunnel, waitFor } from '@dealflow/testkit';
import { sql, type Kysely } from 'kysely';
import { PIPELINES } from './histories.js';
import { getJson, type Stack } from './stack.js';

/** Funnel scopes compared before/after a rebuild: pipelines, owners, sources, windows. */
export function funnelScopes(history: readonly LeadEvent[]): Record<string, string>[] {
  const created = history.flatMap((e) => (e.type === 'LeadCreated' ? [e] : []));
  const owners = [...new Set(created.map((e) => e.data.ownerId ?? ''))].filter(Boolean);
  const sources = [...new Set(created.map((e) => e.data.source ?? ''))].filter(Boolean);
  const mid = created[Math.floor(created.length / 2)]?.occurredAt ?? new Date().toISOString();
  return [
    {},
    { pipelineId: 'b2c' },
    { ownerId: owners[0] ?? 'nobody' },
    { source: sources[1] ?? 'none' },
    { pipelineId: 'b2c', ownerId: owners[1] ?? 'nobody', source: sources[0] ?? 'none' },
    { from: mid },
    { to: mid },
  ];
}

/** Every scope's `/v1/funnel` body, by scope. */
export async function funnels(
  stack: Stack,
  scopes: readonly Record<string, string>[],
): Promise<unknown[]> {
  return Promise.all(
    scopes.map((scope) =>
      getJson(`${stack.query.url}/v1/funnel?${new URLSearchParams(scope).toString()}`),
    ),
  );
}

/**
 * Waits until every scope's `/v1/funnel` body is `expected` (the query service may still serve
 * the previous version for a moment after a switch).
 */
export async function waitForFunnels(
  stack: Stack,
  scopes: readonly Record<string, string>[],
  expected: unknown[],
  message: string,
): Promise<void> {
  const want = JSON.stringify(expected);
  await waitFor(async () => JSON.stringify(await funnels(stack, scopes)) === want, { message });
}

/** What `referenceFunnel` says every scope's body must be. */
export function expectedFunnels(
  events: readonly LeadEvent[],
  scopes: readonly Record<string, string>[],
): unknown[] {
  return scopes.map((scope) =>
    referenceFunnel(events, PIPELINES, {
      ...scope,
      from: scope.from === undefined ? undefined : new Date(scope.from),
      to: scope.to === undefined ? undefined : new Date(scope.to),
    }),
  );
}

/** The `leads` and (non-zero) `funnel_daily` rows of a version, in key order. */
export async function versionRows(
  db: Kysely<Database>,
  version: number,
): Promise<{ leads: unknown[]; funnel: unknown[] }> {
  const schema = readModelSchemaName(version);
  const { rows: leads } = await sql`
    SELECT * FROM ${sql.id(schema, 'leads')} ORDER BY lead_id
  `.execute(db);
  const { rows: funnel } = await sql`
    SELECT * FROM ${sql.id(schema, 'funnel_daily')}
    WHERE reached <> 0 OR touched <> 0 OR current <> 0 OR lost <> 0
    ORDER BY pipeline_id, cohort_day, stage, owner_id, source
  `.execute(db);
  return { leads, funnel };
}

/** `{ version: state }` of every version. */
export async function versionStates(db: Kysely<Database>): Promise<Record<number, string>> {
  return Object.fromEntries((await listVersions(db)).map((v) => [v.version, v.state]));
}
