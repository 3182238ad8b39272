import type { LeadSnapshot } from '@dealflow/domain';
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

/** The request's context recorded on every event it causes. */
export function eventMetadata(request: {
  id: string;
  correlationId: string;
}): CommandRequest['metadata'] {
  // `actor` becomes the authenticated principal once auth is enabled.
  return { correlationId: request.correlationId, causationId: request.id, actor: 'anonymous' };
}
