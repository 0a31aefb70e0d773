/**
 * Terminal tables (cli-table3). Colour comes from the Style the CLI passes;
 * over/under-represented cells also get a `+`/`−` sign so colour is never
 * the only carrier of meaning.
 */
import Table from 'cli-table3';
import type { ReportTable } from './report-table.js';
import type { Style } from './style.js';

/** Options of {@link renderTerminalTables}. */
export interface TerminalTableOptions {
  /** Terminal width in characters; a wider table is wrapped into parts that fit (undefined: never wrapped, e.g. when piped). */
  width?: number;
}

/** Renders tables one after another, each with its title and note; wraps wide tables to `options.width`. */
export function renderTerminalTables(tables: readonly ReportTable[], style: Style, options: TerminalTableOptions = {}): string {
  return tables.flatMap((table) => (options.width === undefined ? [table] : wrapTable(table, options.width)).map((part) => renderTerminalTable(part, style))).join('\n');
}

/** Characters a column takes in a cli-table3 table: its widest cell, one space each side, one border. */
function columnWidth(report: ReportTable, index: number): number {
  let widest = report.columns[index]!.header.length;
  for (let r = 0; r < report.rows.length; r++) {
    const cell = report.rows[r]![index];
    const text = cell === null || cell === undefined ? '–' : String(cell);
    const mark = report.marks?.[r]?.[index] ? 2 : 0;
    widest = Math.max(widest, text.length + mark);
  }
  return widest + 3;
}

/**
 * Splits a table too wide for `width` into parts that fit: each part repeats
 * the frozen leading columns and takes as many of the other columns (in
 * blocks of `columnBlock`) as fit, at least one block. Titles say which part
 * it is; the note goes under the last part. A table that fits is returned as is.
 */
export function wrapTable(report: ReportTable, width: number): ReportTable[] {
  const widths = report.columns.map((_, index) => columnWidth(report, index));
  const total = widths.reduce((a, b) => a + b, 1);
  const frozen = Math.min(report.frozenColumns ?? 1, report.columns.length);
  const block = Math.max(1, report.columnBlock ?? 1);
  if (total <= width || report.columns.length <= frozen + block) return [report];
  const frozenWidth = widths.slice(0, frozen).reduce((a, b) => a + b, 1);
  const blocks: number[][] = [];
  for (let start = frozen; start < report.columns.length; start += block) {
    blocks.push(Array.from({ length: Math.min(block, report.columns.length - start) }, (_, k) => start + k));
  }
  const chunks: number[][] = [];
  let current: number[] = [];
  let used = frozenWidth;
  for (const columns of blocks) {
    const need = columns.reduce((sum, index) => sum + widths[index]!, 0);
    if (current.length > 0 && used + need > width) {
      chunks.push(current);
      current = [];
      used = frozenWidth;
    }
    current.push(...columns);
    used += need;
  }
  if (current.length > 0) chunks.push(current);
  if (chunks.length <= 1) return [report];
  const lead = Array.from({ length: frozen }, (_, k) => k);
  return chunks.map((chunk, part) => {
    const keep = [...lead, ...chunk];
    const label = `(part ${part + 1} of ${chunks.length}, wrapped to the terminal width)`;
    return {
      ...report,
      title: report.title ? `${report.title} ${label}` : label,
      columns: keep.map((index) => report.columns[index]!),
      rows: report.rows.map((row) => keep.map((index) => row[index] ?? null)),
      marks: report.marks?.map((row) => (row ? keep.map((index) => row[index]) : undefined)),
      note: part === chunks.length - 1 ? report.note : undefined,
    };
  });
}

export function renderTerminalTable(report: ReportTable, style: Style): string {
  const table = new Table({
    head: report.columns.map((column) => style.bold(column.header)),
    style: { head: [], border: [], compact: true },
    colAligns: report.columns.map((column, index) => column.align ?? (report.rows.some((row) => typeof row[index] === 'number') ? 'right' : 'left')),
    wordWrap: false,
  });
  report.rows.forEach((row, rowIndex) => {
    const strong = report.strong?.has(rowIndex) ?? false;
    table.push(
      row.map((cell, columnIndex) => {
        let text = cell === null ? '–' : String(cell);
        const mark = report.marks?.[rowIndex]?.[columnIndex];
        if (mark === 'high') text = style.high(`${text} +`);
        else if (mark === 'low') text = style.low(`${text} −`);
        return strong ? style.bold(text) : text;
      }),
    );
  });
  const parts: string[] = [];
  if (report.title) parts.push(style.bold(report.title));
  parts.push(table.toString());
  if (report.note) parts.push(style.dim(report.note));
  return parts.join('\n') + '\n';
}
