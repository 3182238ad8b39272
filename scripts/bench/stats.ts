/** p-th percentile (0..1) of `values` by linear interpolation; `NaN` when empty. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = (sorted.length - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (b - a) * (idx - lo);
}

/** `median 12.3 ms, p99 45.6 ms (n=500)` */
export function describeLatencies(values: readonly number[]): string {
  return `median ${quantile(values, 0.5).toFixed(1)} ms, p90 ${quantile(values, 0.9).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms (n=${values.length})`;
}
