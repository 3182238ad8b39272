import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { readModelSchemaName } from '../read-model-schema.js';
import type { LeadDetail } from './lead-list-types.js';
import { LEAD_ITEM_COLUMNS, leadItem, type LeadItemRow } from './query-lead-list.js';

interface VisitJson {
  seq: number;
  stage: string;
  /** Epoch milliseconds (JSON has no timestamp type). */
  entered: number;
  left: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One lead of read-model `version` with its stage timeline (visits in order; each ends when
 * the next begins), or `undefined` when the read models do not hold it. One statement, so the
 * lead and its timeline are read at one snapshot.
 *
 * @example const lead = await queryLead(db, 3, 'lead-42');
 */
export async function queryLead(
  db: Kysely<Database>,
  version: number,
  leadId: string,
): Promise<LeadDetail | undefined> {
  const schema = readModelSchemaName(version);
  const { rows } = await sql<LeadItemRow & { timeline: VisitJson[] | null }>`
    SELECT ${LEAD_ITEM_COLUMNS}, (
      SELECT json_agg(json_build_object(
        'seq', v.seq, 'stage', v.stage,
        'entered', (extract(epoch FROM v.entered_at) * 1000)::float8,
        'left', (extract(epoch FROM v.left_at) * 1000)::float8) ORDER BY v.seq)
      FROM (
        SELECT seq, stage, entered_at, lead(entered_at) OVER (ORDER BY seq) AS left_at
        FROM ${sql.id(schema, 'lead_stage_visits')} WHERE lead_id = l.lead_id
      ) v
    ) AS timeline
    FROM ${sql.id(schema, 'leads')} l
    LEFT JOIN ${sql.id(schema, 'lead_cards')} c ON c.lead_id = l.lead_id
    WHERE l.lead_id = ${leadId}
  `.execute(db);
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    ...leadItem(row),
    timeline: (row.timeline ?? []).map((v) => ({
      seq: v.seq,
      stage: v.stage,
      enteredAt: iso(v.entered),
      leftAt: v.left === null ? null : iso(v.left),
    })),
  };
}
