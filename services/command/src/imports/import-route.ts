import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import type { EventMetadata } from '@dealflow/events';
import { AppError, SCOPES, type HttpApp } from '@dealflow/runtime';
import type { CommandRequest, CommandResult } from '../command-result.js';
import type { CommandDeps } from '../execute-command.js';
import { eventMetadata } from '../routes/command-routes.js';
import { commonProblems, Problem } from '../routes/schemas.js';
import { z } from 'zod';
import {
  MAX_LINE_BYTES,
  MAX_LINES_PER_REQUEST,
  MAX_COMMANDS_PER_LINE,
  parseImportLine,
} from './import-line.js';
import { batchesOf } from './batches-of.js';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines.js';

const NDJSON = 'application/x-ndjson';
/** Lines decided and appended together (one set-based write when they are new leads). */
const BATCH_LINES = 500;
/**
 * Batches decided and written at once (one is decided while the others commit); results still
 * go out in line order. With {@link BATCH_LINES} this bounds the memory of a request.
 */
const BATCHES_IN_FLIGHT = 3;
/** A batch is cut short when the body pauses this long, so a pausing sender gets its answers. */
const IDLE_MS = 5;

/** Who imports, recorded on every event. */
interface ImportContext {
  caller: string | undefined;
  metadata: EventMetadata;
}

/** The result line of one input line. */
type LineResult =
  | { line: number; leadId: string; status: 'accepted'; version: number; replayed: boolean }
  | {
      line: number;
      leadId?: string;
      status: 'refused';
      code: string;
      detail: string;
      field?: string;
      command?: number;
    };

function resultLine(line: number, leadId: string | undefined, result: CommandResult): LineResult {
  if (result.ok) {
    return {
      line,
      leadId: result.leadId,
      status: 'accepted',
      version: result.version,
      replayed: result.replayed,
    };
  }
  const { code, detail, field, commandIndex } = result.refusal;
  // The lead's key holds another history: to the importer, the lead simply exists.
  const reused = code === 'idempotency_key_reused';
  return {
    line,
    ...(leadId === undefined ? {} : { leadId }),
    status: 'refused',
    code: reused ? 'lead_exists' : code,
    detail: reused ? `lead ${leadId ?? ''} was imported before with another history` : detail,
    ...(field === undefined ? {} : { field }),
    command: commandIndex,
  };
}

/**
 * `POST /v1/imports`: NDJSON in, NDJSON out, both streamed. Each line is one lead's whole
 * history, decided by the same decider as the API and appended all or none; each gets a result
 * line (`accepted`, or `refused` with the contract's code and the line number), in line order,
 * and a last `summary` line. A line that was imported before replays its result. Memory is
 * bounded by a few batches of lines whatever the size of the body.
 */
export function importRoute(app: HttpApp, deps: CommandDeps): void {
  void app.register((scoped, _options, done) => {
    scoped.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));
    scoped.post(
      '/v1/imports',
      {
        config: { scope: SCOPES.leadsWrite },
        schema: {
          tags: ['commands'],
          summary: 'Import leads with their whole history',
          description:
            `NDJSON (\`Content-Type: ${NDJSON}\`): one lead a line, \`{"leadId", "commands": ` +
            '[{"action": "create", …}, {"action": "advance", …}, …]}` with each command the body ' +
            'of its action, usually with a back-dated `occurredAt`. Answers 200 with NDJSON: one ' +
            'result per line in line order (`accepted` with the version, or `refused` with the ' +
            'contract code, `field` and `command` index), then `{"summary": …}`. A lead is ' +
            'imported whole or not at all; importing the same line again changes nothing. ' +
            `Limits: ${MAX_LINE_BYTES} bytes a line, ${MAX_COMMANDS_PER_LINE} commands a line, ` +
            `${MAX_LINES_PER_REQUEST} lines a request (the rest is refused, \`payload_too_large\`).`,
          response: {
            200: z.string().describe('NDJSON: one result per line, then a summary'),
            ...commonProblems,
            415: Problem.describe('unsupported_media_type: the body must be application/x-ndjson'),
          },
        },
      },
      async (request, reply) => {
        const type = request.headers['content-type'] ?? '';
        if (!type.startsWith(NDJSON)) {
          throw new AppError('unsupported_media_type', `the body must be ${NDJSON}`);
        }
        const out = new PassThrough();
        const context = {
          caller: request.principal?.subject,
          metadata: eventMetadata(request),
        };
        void runImport(deps, request.body as Readable, out, context).catch((err: unknown) => {
          request.log.error({ err }, 'import stopped');
          out.end(
            `${JSON.stringify({ error: { code: 'unavailable', detail: 'import stopped; re-run it to complete' } })}\n`,
          );
        });
        return reply.code(200).type(NDJSON).send(out);
      },
    );
    done();
  });
}

async function runImport(
  deps: CommandDeps,
  input: Readable,
  out: PassThrough,
  context: ImportContext,
): Promise<void> {
  const counts = { lines: 0, accepted: 0, refused: 0 };
  // One write per batch: the stream's cost is per write, not per byte.
  const emit = async (results: readonly LineResult[]) => {
    let text = '';
    for (const result of results) {
      counts[result.status] += 1;
      text += `${JSON.stringify(result)}\n`;
    }
    if (text !== '' && !out.write(text)) await once(out, 'drain');
  };
  // A batch's results go out once it and every earlier batch are decided; at most
  // BATCHES_IN_FLIGHT batches are read ahead of the last results sent.
  let sent: Promise<void> = Promise.resolve();
  const window: Promise<void>[] = [];
  const send = (results: Promise<LineResult[]>) => {
    const previous = sent;
    sent = (async () => {
      const decided = await results;
      await previous;
      await emit(decided);
    })();
    window.push(sent);
  };
  const lines = ndjsonLines(input, MAX_LINE_BYTES);
  for await (const batch of batchesOf(lines, BATCH_LINES, IDLE_MS)) {
    const room = Math.max(0, MAX_LINES_PER_REQUEST - counts.lines);
    const taken = batch.slice(0, room);
    counts.lines += taken.length;
    send(decideLines(deps, taken, context));
    const over = batch[room];
    if (over !== undefined) {
      send(
        Promise.resolve([
          {
            line: over.number,
            status: 'refused',
            code: 'payload_too_large',
            detail: `more than ${MAX_LINES_PER_REQUEST} lines in one request; send the rest in another`,
          },
        ]),
      );
      input.destroy();
      break;
    }
    if (window.length >= BATCHES_IN_FLIGHT) await window.shift();
  }
  await sent;
  out.end(`${JSON.stringify({ summary: counts })}\n`);
}

/**
 * Parses and validates each line, then decides and appends the valid ones together (one
 * set-based write for a batch of new leads); one result per line, in line order.
 */
async function decideLines(
  deps: CommandDeps,
  lines: readonly NdjsonLine[],
  context: ImportContext,
): Promise<LineResult[]> {
  const now = deps.now().toISOString();
  const requests: CommandRequest[] = [];
  const slots = lines.map((line): LineResult | { unit: number; line: number; leadId: string } => {
    if (!('text' in line)) {
      return {
        line: line.number,
        status: 'refused',
        code: 'payload_too_large',
        detail: `the line is longer than ${MAX_LINE_BYTES} bytes`,
      };
    }
    const parsed = parseImportLine(line.text, { ...context, now });
    if (!parsed.ok) {
      return resultLine(line.number, parsed.leadId, { ok: false, refusal: parsed.refusal });
    }
    requests.push(parsed.request);
    return {
      unit: requests.length - 1,
      line: line.number,
      leadId: parsed.request.commands[0].leadId,
    };
  });
  const settled = requests.length === 0 ? [] : await deps.writer.executeMany(requests);
  return slots.map((slot) => {
    if (!('unit' in slot)) return slot;
    const outcome = settled[slot.unit];
    if (outcome?.status === 'fulfilled') return resultLine(slot.line, slot.leadId, outcome.value);
    // Reported on its line; the other lines go on (a re-run completes this one).
    const err: unknown = outcome?.reason;
    return {
      line: slot.line,
      leadId: slot.leadId,
      status: 'refused',
      code: 'unavailable',
      detail: err instanceof AppError ? err.detail : 'the event store is unavailable',
    };
  });
}
