import type { LeadSnapshot } from '@dealflow/domain';
import type { Principal } from '@dealflow/runtime';
import type { Appended } from '../event-store.js';
import type { CommandResponse, CommandRequest } from '../execute-command.js';
import type { StoredResponse } from '../idempotency.js';

/**
 * The answer to a successful command: where the lead now is, `ETag: "<version>"` for the next
 * `If-Match`, and `X-Dealflow-Position` (the position of its last event) for read-your-writes.
 */
export function commandAnswer(
  statusCode: 200 | 201,
  appended: Appended,
  lead: LeadSnapshot,
  extraHeaders: Record<string, string> = {},
): StoredResponse {
  return {
    statusCode,
    body: { leadId: lead.leadId, version: lead.version, stage: lead.stage, status: lead.status },
    headers: {
      etag: `"${lead.version}"`,
      'x-dealflow-position': String(appended.lastPosition),
      ...extraHeaders,
    },
  };
}

/** The stored headers of an answer, marked when it is the replay of an earlier request. */
export function answerHeaders(response: CommandResponse): Record<string, string> {
  return response.replayed
    ? { ...response.headers, 'idempotent-replayed': 'true' }
    : response.headers;
}

/**
 * The request's context recorded on every event it causes; `actor` is the authenticated
 * principal (`anonymous` only while authentication is off).
 */
export function eventMetadata(request: {
  id: string;
  correlationId: string;
  principal: Principal | null;
}): CommandRequest['metadata'] {
  return {
    correlationId: request.correlationId,
    causationId: request.id,
    actor: request.principal?.subject ?? 'anonymous',
  };
}
