/**
 * JSON output: two-space indentation and a final newline, so files diff
 * well in a pull request. Key order follows the objects as built.
 */

export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One JSON value per line (JSON Lines), for pandas, R and DuckDB. */
export function renderJsonLines(values: Iterable<unknown>): string {
  let out = '';
  for (const value of values) out += `${JSON.stringify(value)}\n`;
  return out;
}
