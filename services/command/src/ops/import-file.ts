import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { once } from 'node:events';
import { MAX_LINE_BYTES } from '../imports/import-line.js';
import { ndjsonLines, type NdjsonLine } from '../imports/ndjson-lines.js';

/** A result line of `POST /v1/imports`, its line number made the file's. */
export interface FileLineResult {
  line: number;
  leadId?: string;
  status: 'accepted' | 'refused';
  code?: string;
  detail?: string;
  replayed?: boolean;
}

/** Where an import of a file stands, for the progress bar. */
export interface ImportProgress {
  lines: number;
  accepted: number;
  refused: number;
  /** Bytes of the file up to the last line answered (the share done). */
  bytesRead: number;
  totalBytes: number;
}

/** How to reach the command service and how to cut the file. */
export interface ImportFileOptions {
  url: string;
  token?: string;
  /** Lines per request (the service takes up to 100,000). */
  linesPerRequest: number;
  onResult: (result: FileLineResult) => void;
  onProgress: (progress: ImportProgress) => void;
}

/**
 * Sends an NDJSON file to `POST /v1/imports`, `linesPerRequest` lines a request, streaming the
 * file in and the results out (memory stays flat whatever the file's size). A line over the
 * service's limit is refused here without being sent. Returns the totals.
 */
export async function importFile(file: string, opts: ImportFileOptions): Promise<ImportProgress> {
  const totalBytes = (await stat(file)).size;
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const progress: ImportProgress = { lines: 0, accepted: 0, refused: 0, bytesRead: 0, totalBytes };
  // Bytes of the file up to the end of each line sent: the share of the file that has results.
  let offset = 0;
  const record = (result: FileLineResult, endOffset: number) => {
    progress.lines += 1;
    progress[result.status] += 1;
    progress.bytesRead = Math.max(progress.bytesRead, Math.min(endOffset, totalBytes));
    opts.onResult(result);
    opts.onProgress(progress);
  };
  const lines = ndjsonLines(input, MAX_LINE_BYTES)[Symbol.asyncIterator]();
  let next = await lines.next();
  while (!next.done) {
    // The file's line numbers of this request's lines, in order (the service counts from 1).
    const numbers: number[] = [];
    const ends: number[] = [];
    const body = async function* (): AsyncGenerator<string> {
      while (!next.done && numbers.length < opts.linesPerRequest) {
        const line: NdjsonLine = next.value;
        if ('text' in line) {
          offset += Buffer.byteLength(line.text) + 1;
          numbers.push(line.number);
          ends.push(offset);
          yield `${line.text}\n`;
        } else {
          offset += MAX_LINE_BYTES; // at least; only the progress share uses it
          record(
            {
              line: line.number,
              status: 'refused',
              code: 'payload_too_large',
              detail: `the line is longer than ${MAX_LINE_BYTES} bytes`,
            },
            offset,
          );
        }
        next = await lines.next();
      }
    };
    await postLines(opts, body(), (result) => {
      const fileLine = numbers[result.line - 1] ?? result.line;
      record({ ...result, line: fileLine }, Math.min(ends[result.line - 1] ?? 0, totalBytes));
    });
  }
  progress.bytesRead = totalBytes;
  opts.onProgress(progress);
  return progress;
}

/** One request: streams `body` up while result lines stream down. */
async function postLines(
  opts: ImportFileOptions,
  body: AsyncIterable<string>,
  onResult: (result: FileLineResult) => void,
): Promise<void> {
  const url = new URL('/v1/imports', opts.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-ndjson',
      ...(opts.token === undefined ? {} : { authorization: `Bearer ${opts.token}` }),
    },
  });
  const response = once(req, 'response') as Promise<[IncomingMessage]>;
  const sending = (async () => {
    for await (const chunk of body) {
      if (!req.write(chunk)) await once(req, 'drain');
    }
    req.end();
  })();
  const [res] = await response;
  if (res.statusCode !== 200) {
    let text = '';
    for await (const chunk of res) text += String(chunk);
    req.destroy();
    throw new Error(`POST /v1/imports answered ${res.statusCode}: ${text}`);
  }
  for await (const line of ndjsonLines(res, 1024 * 1024)) {
    if (!('text' in line)) continue;
    const parsed = JSON.parse(line.text) as Partial<FileLineResult> & {
      summary?: unknown;
      error?: { code: string; detail: string };
    };
    if (parsed.error) throw new Error(`import stopped: ${parsed.error.detail}`);
    if (parsed.summary !== undefined || parsed.line === undefined || parsed.status === undefined) {
      continue;
    }
    onResult(parsed as FileLineResult);
  }
  await sending;
}
