import { apiUrl, authHeaders } from './api.js';

export type StreamState = 'connecting' | 'live' | 'stale' | 'closed';

const HEARTBEAT_GRACE_MS = 45_000;

/**
 * Follows `GET /v1/stream` (Server-Sent Events) with fetch, so the bearer token rides along as a
 * header. Calls `onChange` for each `changed` event, reports its state (stale when no heartbeat
 * arrived in time), and reconnects with `Last-Event-ID` after a drop.
 */
export function followStream(
  onChange: (position: string) => void,
  onState: (state: StreamState) => void,
): () => void {
  let lastId: string | undefined;
  let stopped = false;
  let controller: AbortController | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const alive = () => {
    onState('live');
    clearTimeout(watchdog);
    watchdog = setTimeout(() => onState('stale'), HEARTBEAT_GRACE_MS);
  };

  const dispatch = (block: string) => {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
      else if (line.startsWith('id:')) lastId = line.slice(3).trim();
    }
    alive();
    if (event === 'changed') onChange(data);
  };

  async function connect(): Promise<void> {
    onState('connecting');
    controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders() };
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    const res = await fetch(apiUrl('/v1/stream'), { headers, signal: controller.signal });
    if (!res.ok || res.body === null) throw new Error(`stream answered ${res.status}`);
    alive();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  void (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await connect();
        attempt = 0;
      } catch {
        // dropped or refused: shown as closed, then tried again
      }
      if (stopped) break;
      clearTimeout(watchdog);
      onState('closed');
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1_000 * 2 ** attempt)));
    }
  })();

  return () => {
    stopped = true;
    clearTimeout(watchdog);
    controller?.abort();
  };
}
