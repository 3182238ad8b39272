import type { LeadEvent } from '@dealflow/events';

/** One HTTP command of the command service's REST API. */
export interface CommandRequest {
  leadId: string;
  /** Makes a retry after a lost answer safe: the service replays the first response. */
  idempotencyKey: string;
  path: string;
  body: Record<string, unknown>;
}

/** What a run of commands did. */
export interface DriveResult {
  sent: number;
  failed: { request: CommandRequest; status: number; body: string }[];
  /** Highest `X-Dealflow-Position` seen (for read-your-writes). */
  lastPosition: number;
  elapsedMs: number;
  /** Per-command latency in ms, in completion order. */
  latenciesMs: number[];
}

const enc = encodeURIComponent;

/** Turns one event back into the command that makes the decider emit it. */
export function commandFor(event: LeadEvent): CommandRequest {
  const request = commandBody(event);
  return { ...request, idempotencyKey: `${event.leadId}.v${event.version}` };
}

function commandBody(event: LeadEvent): Omit<CommandRequest, 'idempotencyKey'> {
  const at = { occurredAt: event.occurredAt };
  switch (event.type) {
    case 'LeadCreated': {
      const { name, company, source, ownerId, amount } = event.data;
      return {
        leadId: event.leadId,
        path: '/v1/leads',
        body: {
          leadId: event.leadId,
          pipelineId: event.pipelineId,
          name,
          company,
          source,
          ownerId,
          amount,
          ...at,
        },
      };
    }
    case 'StageAdvanced':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/advance`,
        body: { toStage: event.data.toStage, ...at },
      };
    case 'DealWon':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/win`,
        body: { amount: event.data.amount, reason: event.data.reason, ...at },
      };
    case 'DealLost':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/lose`,
        body: { reason: event.data.reason, note: event.data.note, ...at },
      };
    case 'StageMovedBack':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/move-back`,
        body: { toStage: event.data.toStage, ...at },
      };
    case 'DealReopened':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/reopen`,
        body: { toStage: event.data.toStage, ...at },
      };
    case 'AmountChanged':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/change-amount`,
        body: { amount: event.data.amount, ...at },
      };
    case 'OwnerReassigned':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/reassign`,
        body: { ownerId: event.data.ownerId, ...at },
      };
    case 'LeadErased':
      return {
        leadId: event.leadId,
        path: `/v1/leads/${enc(event.leadId)}/erase`,
        body: {},
      };
  }
}

/** The commands of a history, one list per lead in version order. */
export function commandsFromHistory(events: readonly LeadEvent[]): CommandRequest[][] {
  const byLead = new Map<string, LeadEvent[]>();
  for (const e of events) {
    const list = byLead.get(e.leadId) ?? [];
    list.push(e);
    byLead.set(e.leadId, list);
  }
  return [...byLead.values()].map((list) =>
    list.sort((a, b) => a.version - b.version).map(commandFor),
  );
}

/**
 * Sends every lead's commands in order, `concurrency` leads at a time, over real HTTP. A command
 * answered 503, or 429 (after its Retry-After), is retried (the service said nothing was
 * written); other non-2xx answers are recorded as failures.
 */
export async function driveCommands(
  baseUrl: string,
  perLead: CommandRequest[][],
  opts: {
    concurrency?: number;
    headers?: Record<string, string>;
    onProgress?: (done: number, total: number) => void;
    retryUnavailableForMs?: number;
  } = {},
): Promise<DriveResult> {
  const started = Date.now();
  const total = perLead.reduce((n, l) => n + l.length, 0);
  const result: DriveResult = {
    sent: 0,
    failed: [],
    lastPosition: 0,
    elapsedMs: 0,
    latenciesMs: [],
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < perLead.length; i = next++) {
      for (const request of perLead[i] ?? []) {
        const deadline = Date.now() + (opts.retryUnavailableForMs ?? 60_000);
        for (;;) {
          const t0 = performance.now();
          let res: Response;
          try {
            res = await fetch(baseUrl + request.path, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'idempotency-key': request.idempotencyKey,
                ...opts.headers,
              },
              body: JSON.stringify(request.body),
            });
          } catch (err) {
            if (Date.now() < deadline) {
              await new Promise((r) => setTimeout(r, 200));
              continue;
            }
            throw err;
          }
          const text = await res.text();
          if (res.status === 503 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 200));
            continue;
          }
          if (res.status === 429 && Date.now() < deadline) {
            // Rate limited before anything was written: wait as long as the service says.
            const waitMs = Number(res.headers.get('retry-after') ?? 1) * 1000;
            await new Promise((r) => setTimeout(r, Math.min(waitMs, deadline - Date.now())));
            continue;
          }
          result.latenciesMs.push(performance.now() - t0);
          result.sent++;
          if (res.ok) {
            const position = Number(res.headers.get('x-dealflow-position') ?? 0);
            if (position > result.lastPosition) result.lastPosition = position;
          } else {
            result.failed.push({ request, status: res.status, body: text });
          }
          opts.onProgress?.(result.sent, total);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  result.elapsedMs = Date.now() - started;
  return result;
}
