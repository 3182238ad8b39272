/**
 * The lower bounds of the fixed log-scale value buckets of the won-deal histograms: 16 per
 * doubling (each ~4.4 % wide), whole numbers from 1 to 2^53. Part of the stored format (the
 * histogram rows name buckets by number), so it lives beside the migrations that write them;
 * `@dealflow/read-models` reads and writes the histograms with the same list.
 */
export function valueBounds(): number[] {
  return logBounds(16);
}

/**
 * The lower bounds of the fine buckets of the all-time histogram's second level: 256 per
 * doubling (each ~0.27 % wide), whole numbers from 1 to 2^53. Every bound of
 * {@link valueBounds} is one of them (k/16 and 16k/256 are the same number), so the fine
 * buckets of one coarse bucket are a range of fine bucket numbers that tiles it exactly.
 */
export function fineValueBounds(): number[] {
  return logBounds(256);
}

function logBounds(steps: number): number[] {
  const bounds: number[] = [];
  for (let k = 0; k <= 53 * steps; k++) {
    const bound = Math.ceil(2 ** (k / steps));
    if (bound !== bounds[bounds.length - 1]) bounds.push(bound);
  }
  return bounds;
}
