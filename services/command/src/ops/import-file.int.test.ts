import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory, importLinesFromHistory } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, type CommandFixture } from '../testing/command-fixture.js';
import { importFile, type FileLineResult, type ImportProgress } from './import-file.js';

let fx: CommandFixture;
let dir: string;
beforeAll(async () => {
  fx = await commandFixture();
  await fx.app.listen({ port: 0, host: '127.0.0.1' });
  dir = await mkdtemp(join(tmpdir(), 'dealflow-import-'));
});
afterAll(async () => {
  await fx.close();
  await rm(dir, { recursive: true, force: true });
});

describe('importFile (npm run ops -- import)', () => {
  it('sends a file in several requests; results carry the file’s line numbers', async () => {
    const events = generateHistory({ leads: 30, seed: 5, start: '2025-04-07T08:00:00Z' }).filter(
      // Erasure is not importable (scope `privacy`).
      (e) => e.type !== 'LeadErased',
    );
    const lines = importLinesFromHistory(events);
    const file = join(dir, 'crm.ndjson');
    const content = [
      ...lines.slice(0, 10),
      '',
      `{"leadId":"x","commands":[{"action":"create","name":"${'n'.repeat(70_000)}"}]}`,
      ...lines.slice(10),
      '{"leadId":"no-commands","commands":[]}',
    ];
    await writeFile(file, `${content.join('\r\n')}\r\n`);
    const { port } = fx.app.server.address() as AddressInfo;
    const results: FileLineResult[] = [];
    const seen: ImportProgress[] = [];
    const totals = await importFile(file, {
      url: `http://127.0.0.1:${port}`,
      linesPerRequest: 7,
      onResult: (r) => results.push(r),
      onProgress: (p) => seen.push({ ...p }),
    });
    expect(totals).toMatchObject({ lines: lines.length + 2, accepted: lines.length, refused: 2 });
    expect(totals.bytesRead).toBe(totals.totalBytes);
    const refused = results.filter((r) => r.status === 'refused');
    expect(refused.map((r) => [r.line, r.code])).toEqual([
      [12, 'payload_too_large'],
      [content.length, 'validation_error'],
    ]);
    expect(results.find((r) => r.line === 13)).toMatchObject({ status: 'accepted' });
    expect((await fx.counts()).events).toBe(events.length);
    expect(seen.length).toBeGreaterThan(1);
  });
});
