/**
 * List helpers safe for any length. `list.push(...items)` and
 * `Math.max(...values)` pass every item as a call argument, and V8 throws
 * "Maximum call stack size exceeded" past roughly 100,000 of them (one file
 * with very many diagnostics, a report over a large corpus; issue 16,
 * item 10). These loop instead.
 */

/** Appends every item of `items` to `target` (in place) and returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `floor` when it is larger (or `values` is empty), e.g. `maxOf(widths, 1)`. */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** The smallest of `values`, or `ceiling` when it is smaller (or `values` is empty). */
export function minOf(values: Iterable<number>, ceiling = Infinity): number {
  let min = ceiling;
  for (const value of values) if (value < min) min = value;
  return min;
}
