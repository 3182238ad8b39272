/**
 * A one-line progress report for long-running work: count, rate and ETA, redrawn in place on a
 * terminal and printed every few seconds otherwise.
 */
export function progressReporter(label: string, total: number): (done: number) => void {
  const started = Date.now();
  let lastPrint = 0;
  const tty = process.stderr.isTTY;
  return (done: number) => {
    const now = Date.now();
    if (done < total && now - lastPrint < (tty ? 200 : 5_000)) return;
    lastPrint = now;
    const secs = Math.max((now - started) / 1000, 0.001);
    const rate = done / secs;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const pct = total > 0 ? ((done / total) * 100).toFixed(1) : '100.0';
    const line = `${label}: ${done}/${total} (${pct}%) ${rate.toFixed(0)}/s ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)}s` : '?'}`;
    if (tty) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}
