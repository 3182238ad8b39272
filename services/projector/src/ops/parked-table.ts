import type { ParkedEvent } from '../parked/parked-events.js';

const MAX_ERROR = 60;

/** Dead letters as a plain-text table: id, status, code, lead, origin, when, why. */
export function parkedTable(items: readonly ParkedEvent[]): string {
  if (items.length === 0) return 'no parked events';
  const header = ['id', 'status', 'code', 'lead', 'origin', 'parked at', 'attempts', 'error'];
  const rows = items.map((p) => [
    `#${p.id}`,
    p.status,
    p.errorCode,
    p.leadId ?? '-',
    `${p.topic}/${p.partition}@${p.offset}`,
    p.parkedAt,
    String(p.attempts),
    p.error.length > MAX_ERROR ? `${p.error.slice(0, MAX_ERROR - 1)}…` : p.error,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
