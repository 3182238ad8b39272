import type { CommandRequest } from '@dealflow/testkit';

/** One command the service answered with a 2xx: the lead and the version it was written at. */
export interface Accepted {
  leadId: string;
  version: number;
}

/** What a stream of commands saw, for fault tests that assert on the answers themselves. */
export interface StreamOutcome {
  accepted: Accepted[];
  /** 503 answers that followed the contract: code `unavailable` and a numeric `Retry-After`. */
  unavailable: number;
  /** 503 answers that broke it (missing code or header), with what came back. */
  malformedUnavailable: string[];
  /** Requests that never got an answer (process killed, connection refused or reset). */
  networkErrors: number;
  /** Non-2xx answers other than 503: none may happen in a fault test. */
  failed: { request: CommandRequest; status: number; body: string }[];
}

interface StreamOptions {
  concurrency?: number;
  /** How long one command is retried while the service is down or unavailable (default 90 s). */
  retryForMs?: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function problemCode(text: string): unknown {
  try {
    return (JSON.parse(text) as { code?: unknown }).code;
  } catch {
    return undefined;
  }
}

/**
 * Like the testkit's `driveCommands`, but it keeps every answer a fault test asserts on: each
 * accepted (lead, version), each 503 and whether it carried `unavailable` + `Retry-After`.
 * `live` fills in while the stream runs (tests time their faults on it); `done` resolves at the
 * end. `baseUrl` is read before every attempt, so a service restarted on another port is
 * followed. Retries reuse the command's Idempotency-Key, so a command whose answer was lost is
 * not written twice.
 */
export function streamCommands(
  baseUrl: () => string,
  perLead: readonly CommandRequest[][],
  opts: StreamOptions = {},
): { live: Readonly<StreamOutcome>; done: Promise<StreamOutcome> } {
  const outcome: StreamOutcome = {
    accepted: [],
    unavailable: 0,
    malformedUnavailable: [],
    networkErrors: 0,
    failed: [],
  };
  const send = async (request: CommandRequest): Promise<void> => {
    const deadline = Date.now() + (opts.retryForMs ?? 90_000);
    for (;;) {
      let res: Response;
      try {
        res = await fetch(baseUrl() + request.path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': request.idempotencyKey,
          },
          body: JSON.stringify(request.body),
        });
      } catch (err) {
        outcome.networkErrors++;
        if (Date.now() > deadline) throw err;
        await pause(100);
        continue;
      }
      const text = await res.text();
      if (res.ok) {
        const body = JSON.parse(text) as { leadId: string; version: number };
        outcome.accepted.push({ leadId: body.leadId, version: body.version });
        return;
      }
      if (res.status === 503 && Date.now() < deadline) {
        const code = problemCode(text);
        const retryAfter = res.headers.get('retry-after') ?? '';
        if (code === 'unavailable' && /^\d+$/.test(retryAfter)) outcome.unavailable++;
        else outcome.malformedUnavailable.push(`${retryAfter} ${text}`);
        // Shorter than Retry-After on purpose: the test wants to see the recovery promptly.
        await pause(200);
        continue;
      }
      outcome.failed.push({ request, status: res.status, body: text });
      return;
    }
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < perLead.length; i = next++) {
      for (const request of perLead[i] ?? []) await send(request);
    }
  };
  const workers = Array.from({ length: opts.concurrency ?? 8 }, worker);
  return { live: outcome, done: Promise.all(workers).then(() => outcome) };
}
