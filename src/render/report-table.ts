/**
 * The neutral shape every tabular result is turned into before it is
 * written as a terminal table, CSV or Markdown, so each format is written
 * once and every command gets all of them.
 */

export type CellValue = string | number | null;

export interface Column {
  header: string;
  /** Numbers default to right alignment. */
  align?: 'left' | 'right';
}

export interface ReportTable {
  /** Heading shown above the table in terminal and Markdown output (not in CSV). */
  title?: string;
  columns: Column[];
  rows: CellValue[][];
  /** Rows to emphasise (e.g. a theme's roll-up row), by index. */
  strong?: ReadonlySet<number>;
  /** Per-cell styling hints: `high`/`low` mark over- and under-represented cells. */
  marks?: (('high' | 'low' | undefined)[] | undefined)[];
  /** A line printed under the table (denominators, method notes). */
  note?: string;
  /** Leading columns repeated in every part when a terminal table is wrapped to the screen width (default 1). */
  frozenColumns?: number;
  /** Columns that stay together when wrapped, counted after the frozen ones (e.g. 2: a group's value and its `int`); default 1. */
  columnBlock?: number;
}

/** Formats a proportion as a percentage with no decimals, e.g. 0.357 → `36%`. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  return `${Math.round((100 * part) / whole)}%`;
}

/** Formats a statistic: fixed decimals, or `–` for null/NaN. */
export function formatNumber(value: number | null | undefined, decimals = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return value.toFixed(decimals);
}

/** Formats a p-value the way journals print them: `<0.001` below a thousandth. */
export function formatP(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return value < 0.001 ? '<0.001' : value.toFixed(3);
}
