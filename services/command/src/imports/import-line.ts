import type { LeadCommand } from '@dealflow/domain';
import { LeadId } from '@dealflow/events';
import { z } from 'zod';
import type { CommandRequest, Refusal } from '../command-result.js';
import { idempotencyClaim } from '../idempotency.js';
import { COMMAND_ACTIONS } from '../routes/actions.js';

/** Longest accepted line, in bytes (UTF-8, without its newline). */
export const MAX_LINE_BYTES = 64 * 1024;
/** Most lines in one request; a longer file is sent as several requests. */
export const MAX_LINES_PER_REQUEST = 100_000;
/** Most commands in one lead's history. */
export const MAX_COMMANDS_PER_LINE = 500;

/** The idempotency scope of imported histories: a lead's line is its own key. */
export const IMPORT_ROUTE = 'POST /v1/imports';

/**
 * One line of an import: a lead's whole history, oldest first. Each command is an action of the
 * command API by `action` name with that action's body (`create` first, then `advance`, `win`,
 * `lose`, …), usually with a back-dated `occurredAt`.
 */
export const ImportLine = z.strictObject({
  leadId: LeadId,
  commands: z
    .array(z.looseObject({ action: z.string() }))
    .min(1)
    .max(MAX_COMMANDS_PER_LINE),
});

// An import is sent with `leads:write`: actions that need another scope (erase) are not importable.
const ACTIONS = new Map(
  COMMAND_ACTIONS.filter((action) => action.scope === undefined).map((action) => [
    action.name,
    action,
  ]),
);

/** A refusal of a line before any command is decided. */
const invalid = (detail: string, field?: string, commandIndex = 0) =>
  ({ ok: false, refusal: { code: 'validation_error', detail, field, commandIndex } }) as const;

/**
 * Turns one line's text into the unit that imports it: every command validated against its
 * action's body schema, the whole history one unit (appended all or none), the lead id as the
 * idempotency key (the same line imported again replays its first result).
 */
export function parseImportLine(
  text: string,
  context: { now: string; caller: string | undefined; metadata: CommandRequest['metadata'] },
): { ok: true; request: CommandRequest } | { ok: false; refusal: Refusal; leadId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('the line is not JSON');
  }
  const parsed = ImportLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(issue?.message ?? 'invalid line', issue?.path.join('.'));
  }
  const { leadId, commands } = parsed.data;
  const built: LeadCommand[] = [];
  for (const [index, { action: name, ...body }] of commands.entries()) {
    const action = ACTIONS.get(name);
    const at = `commands.${index}`;
    if (action === undefined) return invalid(`unknown action "${name}"`, `${at}.action`, index);
    if ((action.target === 'new') !== (index === 0)) {
      return invalid(
        index === 0 ? 'a history starts with "create"' : `"${name}" only starts a history`,
        `${at}.action`,
        index,
      );
    }
    const valid = action.body.safeParse(body);
    if (!valid.success) {
      const issue = valid.error.issues[0];
      const field = [at, ...(issue?.path ?? []).map(String)].join('.');
      return { ...invalid(issue?.message ?? 'invalid command', field, index), leadId };
    }
    const chosen = action.chosenLeadId?.(valid.data);
    if (chosen !== undefined && chosen !== leadId) {
      return { ...invalid('differs from the line\u2019s leadId', `${at}.leadId`, index), leadId };
    }
    built.push(action.toCommand({ leadId, body: valid.data, now: context.now }));
  }
  const [first, ...rest] = built;
  if (first === undefined) return invalid('no commands', 'commands');
  return {
    ok: true,
    request: {
      commands: [first, ...rest],
      expectedVersion: undefined,
      idempotency: idempotencyClaim(
        IMPORT_ROUTE,
        undefined,
        leadId,
        { params: {}, body: parsed.data, ifMatch: undefined },
        context.caller,
      ),
      metadata: context.metadata,
    },
  };
}
