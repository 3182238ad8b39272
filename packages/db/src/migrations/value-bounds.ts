/**
 * The lower bounds of the fixed log-scale value buckets of the won-deal histograms: 16 per
 * doubling (each ~4.4 % wide), whole numbers from 1 to 2^53. Part of the stored format (the
 * histogram rows name buckets by number), so it lives beside the migrations that write them;
 * `@dealflow/read-models` reads and writes the histograms with the same list.
 */
export function valueBounds(): number[] {
  const steps = 16;
  const bounds: number[] = [];
  for (let k = 0; k <= 53 * steps; k++) {
    const bound = Math.ceil(2 ** (k / steps));
    if (bound !== bounds[bounds.length - 1]) bounds.push(bound);
  }
  return bounds;
}
