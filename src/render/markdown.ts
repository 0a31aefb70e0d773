/**
 * Markdown tables (GitHub-flavoured), for papers' supplementary material
 * and pull-request comments. Pipes and line breaks in cells are escaped.
 */
import type { CellValue, ReportTable } from './report-table.js';

export function renderMarkdownTables(tables: readonly ReportTable[]): string {
  return tables.map(renderMarkdownTable).join('\n');
}

export function renderMarkdownTable(table: ReportTable): string {
  const lines: string[] = [];
  if (table.title) lines.push(`### ${escapeCell(table.title)}`, '');
  lines.push(`| ${table.columns.map((column) => escapeCell(column.header)).join(' | ')} |`);
  lines.push(
    `| ${table.columns
      .map((column, index) => ((column.align ?? (table.rows.some((row) => typeof row[index] === 'number') ? 'right' : 'left')) === 'right' ? '---:' : '---'))
      .join(' | ')} |`,
  );
  table.rows.forEach((row, rowIndex) => {
    const strong = table.strong?.has(rowIndex) ?? false;
    const cells = row.map((cell, columnIndex) => {
      let text = escapeCell(cell);
      const mark = table.marks?.[rowIndex]?.[columnIndex];
      if (mark === 'high') text += ' ▲';
      else if (mark === 'low') text += ' ▼';
      return strong && text !== '' ? `**${text}**` : text;
    });
    lines.push(`| ${cells.join(' | ')} |`);
  });
  if (table.note) lines.push('', table.note.replace(/\n/g, '  \n'));
  return lines.join('\n') + '\n';
}

/** Escapes a cell so it cannot break the table (pipes, newlines, HTML). */
export function escapeCell(cell: CellValue): string {
  if (cell === null) return '–';
  return String(cell)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}
