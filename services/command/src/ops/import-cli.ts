import { parseArgs } from 'node:util';
import { importFile, type ImportProgress } from './import-file.js';

const USAGE = `usage: npm run ops -- import FILE [--url URL] [--lines-per-request N]
  Sends an NDJSON file (one lead's whole history a line) to POST /v1/imports of the command
  service at --url (default $COMMAND_URL or http://127.0.0.1:3001), with $DEALFLOW_TOKEN as the
  bearer token if set. Refused lines are printed to stdout as NDJSON with their line number;
  progress (lines, rate, ETA) goes to stderr. Exit code 0 when every line was imported.`;

/** One line of progress: count, rate, share of the file and ETA, redrawn in place on a tty. */
function progressLine(started: number): (p: ImportProgress, final?: boolean) => void {
  let lastPrint = 0;
  const tty = process.stderr.isTTY;
  return (p, final = false) => {
    const now = Date.now();
    if (!final && now - lastPrint < (tty ? 200 : 5_000)) return;
    lastPrint = now;
    const secs = Math.max((now - started) / 1000, 0.001);
    const share = p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 1;
    const eta = share > 0 ? (secs / share) * (1 - share) : Infinity;
    const line =
      `import: ${p.lines} lines (${p.accepted} imported, ${p.refused} refused) ` +
      `${(p.lines / secs).toFixed(0)} lines/s, ${(share * 100).toFixed(1)}% of the file, ` +
      `ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)}s` : '?'}`;
    if (tty) process.stderr.write(`\r${line}${final ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.COMMAND_URL ?? 'http://127.0.0.1:3001' },
      'lines-per-request': { type: 'string', default: '20000' },
    },
  });
  const [command, file] = positionals;
  if (command !== 'import' || file === undefined) {
    console.error(USAGE);
    return 2;
  }
  const linesPerRequest = Number(values['lines-per-request']);
  if (!Number.isInteger(linesPerRequest) || linesPerRequest < 1 || linesPerRequest > 100_000) {
    console.error('--lines-per-request must be 1…100000');
    return 2;
  }
  const draw = progressLine(Date.now());
  const totals = await importFile(file, {
    url: values.url,
    token: process.env.DEALFLOW_TOKEN,
    linesPerRequest,
    onResult: (result) => {
      if (result.status === 'refused') process.stdout.write(`${JSON.stringify(result)}\n`);
    },
    onProgress: (p) => draw(p),
  });
  draw(totals, true);
  return totals.refused === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
