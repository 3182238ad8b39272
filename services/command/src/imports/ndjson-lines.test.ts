import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines.js';

async function collect(chunks: string[], maxBytes: number): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  const input = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  for await (const line of ndjsonLines(input, maxBytes)) out.push(line);
  return out;
}

describe('ndjsonLines', () => {
  it('splits across chunk boundaries, drops \\r, skips blank lines but counts them', async () => {
    expect(await collect(['{"a":', '1}\r\n\n{"b"', ':2}\n{"c":3}'], 100)).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 3, text: '{"b":2}' },
      { number: 4, text: '{"c":3}' },
    ]);
  });

  it('reports a line over the limit without holding it, and goes on with the next', async () => {
    const long = 'x'.repeat(40);
    expect(await collect([`${long.slice(0, 25)}`, `${long.slice(25)}\nok\n`, long], 30)).toEqual([
      { number: 1, tooLong: true },
      { number: 2, text: 'ok' },
      { number: 3, tooLong: true },
    ]);
  });

  it('takes a line of exactly the limit and refuses one byte more, inside one chunk', async () => {
    expect(
      await collect([`${'a'.repeat(30)}\n${'b'.repeat(31)}\n${'c'.repeat(29)}\r\n`], 30),
    ).toEqual([
      { number: 1, text: 'a'.repeat(30) },
      { number: 2, tooLong: true },
      { number: 3, text: 'c'.repeat(29) },
    ]);
  });

  it('keeps multi-byte characters split between chunks whole', async () => {
    const bytes = Buffer.from('{"n":"Zoë"}\n');
    const out: NdjsonLine[] = [];
    const input = Readable.from([bytes.subarray(0, 9), bytes.subarray(9)]);
    for await (const line of ndjsonLines(input, 100)) out.push(line);
    expect(out).toEqual([{ number: 1, text: '{"n":"Zoë"}' }]);
  });
});
