/**
 * Timing for the "bigger input, proportionally more time" checks (issue 16,
 * item 6): the only timed assertions the suite makes. Times are medians, and
 * the smaller and larger inputs are measured interleaved, so a burst of load
 * on a shared machine hits both sides of the ratio instead of one.
 */

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median time in ms of `work(input)` over `runs` runs, after one warm-up. */
export function timeOf<T>(input: T, work: (input: T) => unknown, runs: number): number {
  work(input);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work(input);
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * The ratio of the median times for the larger and the smaller input, over
 * `runs` interleaved measurements (set LINEARITY_LOG to print them).
 */
export function growthRatio<T>(smaller: T, larger: T, work: (input: T) => unknown, runs: number): number {
  work(smaller);
  work(larger);
  const a: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < runs; run++) {
    a.push(timeOf(smaller, work, 1));
    b.push(timeOf(larger, work, 1));
  }
  const ratio = median(b) / median(a);
  if (process.env.LINEARITY_LOG) console.log(`smaller ${median(a).toFixed(1)} ms, larger ${median(b).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
  return ratio;
}
