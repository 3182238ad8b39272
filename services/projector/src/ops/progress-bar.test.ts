import { describe, expect, it } from 'vitest';
import { formatProgress } from './progress-bar.js';
import { statusTable } from './status-table.js';

describe('ops output', () => {
  it('shows done/total, percentage, rate and ETA', () => {
    const line = formatProgress(
      { version: 3, phase: 'kafka', done: 250_000, total: 1_000_000 },
      50_000,
    );
    expect(line).toContain('v3 kafka');
    expect(line).toContain('250,000/1,000,000 25.0% 50,000 ev/s ETA 15s');
  });

  it('counts the cell build in parts, with the time a part takes', () => {
    const line = formatProgress({ version: 4, phase: 'cells', done: 2, total: 8 }, 0.25);
    expect(line).toContain('v4 cells');
    expect(line).toContain('2/8 25.0% parts, 4s each ETA 24s');
    expect(formatProgress({ version: 4, phase: 'cells', done: 0, total: 8 }, 0)).toContain(
      '0/8 0.0% parts, ? each ETA ?',
    );
  });

  it('has no ETA without a rate, and a full bar when done', () => {
    expect(formatProgress({ version: 1, phase: 'kafka', done: 0, total: 10 }, 0)).toContain(
      'ETA ?',
    );
    expect(formatProgress({ version: 1, phase: 'kafka', done: 10, total: 10 }, 5)).toContain(
      `${'█'.repeat(30)} 10/10 100.0%`,
    );
  });

  it('tabulates versions with applied/head per partition', () => {
    const table = statusTable([
      {
        name: 'read-models@v1',
        version: 1,
        state: 'live',
        lagEvents: 2,
        lagSeconds: 0.5,
        heartbeatAt: null,
        parked: 1,
        partitions: [
          { partition: 0, headOffset: 10, appliedOffset: 9 },
          { partition: 1, headOffset: 5, appliedOffset: 4 },
        ],
      },
    ]);
    expect(table.split('\n')[1]).toMatch(/^v1\s+live\s+2\s+0\.5\s+1\s+p0 9\/10 {2}p1 4\/5$/);
    expect(table.split('\n')).toHaveLength(2);
  });

  it('warns of a version that applied more of a partition than the topic holds', () => {
    const version = (v: number, applied: number) => ({
      name: `read-models@v${v}`,
      version: v,
      state: v === 2 ? ('live' as const) : ('retired' as const),
      lagEvents: 0,
      lagSeconds: 0,
      heartbeatAt: null,
      parked: 0,
      partitions: [
        { partition: 0, headOffset: 2, appliedOffset: 2 },
        { partition: 4, headOffset: 0, appliedOffset: applied },
      ],
    });
    const lines = statusTable([version(1, 0), version(2, 2)]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^! v2 applied more than the topic holds \(p4 2\/0\): .*recreated/);
  });
});
