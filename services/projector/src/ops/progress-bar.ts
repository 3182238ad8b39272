import type { RebuildProgress } from '../rebuild/rebuild-progress.js';

const WIDTH = 30;

/** `1234567` → `1,234,567`. */
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/**
 * One line of the bar: phase, bar, done/total, percentage, rate, ETA. The rate is events/s,
 * or in the `cells` phase the seconds a part of the build has taken on average.
 */
export function formatProgress(p: RebuildProgress, perSecond: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(fraction * WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const eta = perSecond > 0 ? (p.total - p.done) / perSecond : Infinity;
  const rate =
    p.phase === 'cells'
      ? `parts, ${perSecond > 0 ? duration(1 / perSecond) : '?'} each`
      : `${count(perSecond)} ev/s`;
  return (
    `v${p.version} ${p.phase.padEnd(12)} ${bar} ${count(p.done)}/${count(p.total)} ` +
    `${(fraction * 100).toFixed(1)}% ${rate} ETA ${duration(eta)}`
  );
}

/**
 * A live progress bar on stderr: redrawn in place on a terminal (at most 5 times a second),
 * one line every few seconds otherwise (CI logs). The rate is measured from the start of the
 * current phase, so a resumed rebuild shows its own speed, not the history's.
 */
export function progressBar(
  stream: NodeJS.WriteStream = process.stderr,
): (p: RebuildProgress) => void {
  const tty = stream.isTTY;
  let phase: { name: string; at: number; done: number } | undefined;
  let printed = 0;
  return (p) => {
    const now = Date.now();
    if (phase?.name !== p.phase) {
      if (phase !== undefined && tty) stream.write('\n');
      phase = { name: p.phase, at: now, done: p.done };
      printed = 0;
    }
    // Each is printed: a phase's end, and the few parts of the cell build.
    const final = p.phase === 'live' || p.phase === 'switching' || p.phase === 'cells';
    if (!final && now - printed < (tty ? 200 : 3_000)) return;
    printed = now;
    const seconds = (now - phase.at) / 1000;
    const rate = seconds > 0 ? (p.done - phase.done) / seconds : 0;
    const line = p.phase === 'live' ? `v${p.version} is live` : formatProgress(p, rate);
    stream.write(tty ? `\r\x1b[2K${line}${p.phase === 'live' ? '\n' : ''}` : `${line}\n`);
  };
}
