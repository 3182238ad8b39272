import type { ProjectionStatus } from './projection-status.js';

/**
 * The versions as a plain-text table: state, lag (events, seconds), parked count, and applied /
 * head offsets per partition (`p0 120/120`). Below it, a warning for every version that applied
 * more of a partition than the topic now holds: the topic was recreated or truncated beneath it
 * (its projector stops there, state `diverged`).
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
  const warnings = projections.flatMap((p) => {
    const beyond = p.partitions.filter((x) => x.appliedOffset > x.headOffset);
    if (beyond.length === 0) return [];
    const where = beyond.map((x) => `p${x.partition} ${x.appliedOffset}/${x.headOffset}`);
    return [
      `! v${p.version} applied more than the topic holds (${where.join(', ')}): the topic was ` +
        'recreated or truncated beneath it; restore the topic, or rebuild from the event ' +
        'store (npm run ops -- rebuild --from events-table)',
    ];
  });
  return [line(header), ...rows.map(line), ...warnings].join('\n');
}
