/**
 * Terminal tables (cli-table3). Colour comes from the Style the CLI passes;
 * over/under-represented cells also get a `+`/`−` sign so colour is never
 * the only carrier of meaning.
 */
import Table from 'cli-table3';
import type { ReportTable } from './report-table.js';
import type { Style } from './style.js';

/** Renders tables one after another, each with its title and note. */
export function renderTerminalTables(tables: readonly ReportTable[], style: Style): string {
  return tables.map((table) => renderTerminalTable(table, style)).join('\n');
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
