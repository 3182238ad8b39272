/**
 * Serialised answers by `ETag`, bounded in bytes, least recently used out first. An `ETag`
 * names the read-model version and position, the route and the normalised query (and, for
 * answers that age with the clock, the second), so equal tags are equal answers: dashboards
 * polling one scope cost one computation per change of the numbers, not one per request.
 */
export interface AnswerCache {
  get(etag: string): string | undefined;
  set(etag: string, body: string): void;
  /** Entries and bytes held (for tests and metrics). */
  size(): { entries: number; bytes: number };
}

/**
 * @param maxBytes budget of the held bodies (UTF-16 length × 2); 0 holds nothing
 * @example const answers = answerCache(32 * 1024 * 1024); answers.set('"v1.4.x"', '{"a":1}');
 */
export function answerCache(maxBytes: number): AnswerCache {
  const held = new Map<string, string>();
  let bytes = 0;
  const cost = (etag: string, body: string) => 2 * (etag.length + body.length);
  const drop = (etag: string) => {
    const body = held.get(etag);
    if (body === undefined) return;
    held.delete(etag);
    bytes -= cost(etag, body);
  };
  return {
    get(etag) {
      const body = held.get(etag);
      if (body !== undefined) {
        // Most recently used last: Map keeps insertion order.
        held.delete(etag);
        held.set(etag, body);
      }
      return body;
    },
    set(etag, body) {
      const size = cost(etag, body);
      if (size > maxBytes / 8) return; // one answer never takes more than an eighth
      drop(etag);
      held.set(etag, body);
      bytes += size;
      for (const oldest of held.keys()) {
        if (bytes <= maxBytes) break;
        drop(oldest);
      }
    },
    size: () => ({ entries: held.size, bytes }),
  };
}
