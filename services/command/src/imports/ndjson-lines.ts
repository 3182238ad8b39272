/** One line of an NDJSON stream: its text, or `tooLong` when it passed the byte limit. */
export type NdjsonLine = { number: number; text: string } | { number: number; tooLong: true };

/**
 * Splits a byte stream into lines (`\n`, an optional `\r` before it dropped) without ever holding
 * more than one line of at most `maxBytes`: a longer line is skipped up to its newline and
 * reported as `tooLong`. Blank lines are skipped but counted, so numbers match the file's.
 */
export async function* ndjsonLines(
  input: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): NdjsonLine | undefined => {
    number += 1;
    const wasTooLong = tooLong;
    const text = Buffer.concat(parts, size).toString('utf8').replace(/\r$/, '');
    parts = [];
    size = 0;
    tooLong = false;
    if (wasTooLong) return { number, tooLong: true };
    return text.trim() === '' ? undefined : { number, text };
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl !== -1; nl = buffer.indexOf(10, start)) {
      // A line wholly inside this chunk is decoded from it, without copying it first.
      const line =
        size === 0 && !tooLong && nl - start <= maxBytes
          ? whole(buffer.toString('utf8', start, nl))
          : (append(buffer.subarray(start, nl)), finish());
      if (line) yield line;
      start = nl + 1;
    }
    append(buffer.subarray(start));
  }
  if (size > 0 || tooLong) {
    const line = finish();
    if (line) yield line;
  }

  function whole(raw: string): NdjsonLine | undefined {
    number += 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return text.trim() === '' ? undefined : { number, text };
  }

  function append(piece: Buffer): void {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > maxBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
}
