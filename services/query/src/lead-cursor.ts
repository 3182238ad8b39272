import { createHash } from 'node:crypto';
import type { LeadListPosition, LeadSortKey } from '@dealflow/read-models';
import { LeadId } from '@dealflow/events';
import { AppError } from '@dealflow/runtime';
import { z } from 'zod';

/** What a cursor is bound to: the list's filters and order (not the page size). */
export type CursorScope = Record<string, unknown> & { sort: LeadSortKey };

const Payload = z.strictObject({
  v: z.string().max(40),
  id: LeadId,
  k: z.string().length(16),
});

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** An instant in the read models' form that names a real moment (not 2026-02-30T25:…). */
const isInstant = (v: string): boolean => {
  if (!INSTANT.test(v)) return false;
  const ms = Date.parse(`${v.slice(0, 23)}Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 23) === v.slice(0, 23);
};

/** Whether `v` is a sort value in the exact text form the read models write. */
const VALUE_FORMAT: Record<LeadSortKey, (v: string) => boolean> = {
  lastActivityAt: isInstant,
  createdAt: isInstant,
  amount: (v) => /^\d{1,16}$/.test(v),
};

/** A digest of the scope, keys sorted, so the same list always gets the same one. */
function scopeKey(scope: CursorScope): string {
  const { cursor: _cursor, limit: _limit, ...rest } = scope;
  const canonical = JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The opaque `nextCursor` of a page: where it ends, bound to the list it belongs to. */
export function encodeCursor(position: LeadListPosition, scope: CursorScope): string {
  const payload = { v: position.value, id: position.leadId, k: scopeKey(scope) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

const refused = (message: string) =>
  new AppError('validation_error', `bad cursor: ${message}`, {
    errors: [{ path: 'cursor', message }],
  });

/**
 * The position a `cursor` names, checked: it must be one this service wrote for the very same
 * filters and order.
 *
 * @throws AppError `validation_error` for anything else
 */
export function decodeCursor(cursor: string, scope: CursorScope): LeadListPosition {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused('not a cursor of this API');
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) throw refused('not a cursor of this API');
  const { v, id, k } = parsed.data;
  if (k !== scopeKey(scope)) throw refused('it belongs to a list with other filters or order');
  if (!VALUE_FORMAT[scope.sort](v)) throw refused('not a cursor of this API');
  return { value: v, leadId: id };
}
