/**
 * Groups an async sequence into arrays of at most `size` items. A batch also ends when the next
 * item takes longer than `idleMs` to arrive, so a sender that pauses (waiting for the answers to
 * what it sent) gets them instead of waiting for a batch that will not fill.
 */
export async function* batchesOf<T>(
  items: AsyncIterable<T>,
  size: number,
  idleMs: number,
): AsyncGenerator<T[]> {
  const iterator = items[Symbol.asyncIterator]();
  // The next item is asked for before the batch is handed over, so the consumer's work and the
  // read overlap. Until awaited here, a failure of that read (a dropped connection) must not
  // count as unhandled — nor when the consumer stops early and it is never awaited at all.
  const ask = () => {
    const pending = iterator.next();
    pending.catch(() => undefined);
    return pending;
  };
  let batch: T[] = [];
  let next = ask();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const item =
      batch.length === 0
        ? await next
        : await Promise.race([
            next,
            new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), idleMs))),
          ]);
    clearTimeout(timer);
    if (item === 'idle') {
      yield batch;
      batch = [];
      continue;
    }
    if (item.done === true) break;
    batch.push(item.value);
    next = ask();
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
