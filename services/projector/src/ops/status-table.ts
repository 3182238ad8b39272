import type { ProjectionStatus } from './projection-status.js';

/**
 * The versions as a plain-text table: state, lag (events, seconds), parked count, and applied /
 * head offsets per partition (`p0 120/120`).
 */
export function statusTable(projections: readonly ProjectionStatus[]): string {
  const header = [
    'version',
    'state',
    'lag events',
    'lag s',
    'parked',
    'applied/head per partition',
  ];
  const rows = projections.map((p) => [
    `v${p.version}`,
    p.state,
    String(p.lagEvents),
    p.lagSeconds === null ? '?' : p.lagSeconds.toFixed(1),
    String(p.parked),
    p.partitions.map((x) => `p${x.partition} ${x.appliedOffset}/${x.headOffset}`).join('  '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
