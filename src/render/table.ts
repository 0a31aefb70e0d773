/**
 * Terminal tables. Colour comes from the Style the CLI passes;
 * over/under-represented cells also get a `+`/`−` sign so colour is never
 * the only carrier of meaning.
 *
 * The box is drawn here rather than by cli-table3's Table: for every line of
 * every cell, Table cuts the whole cell text to 10 columns for a debug
 * message, one character at a time with a width measure of the whole text
 * each time, so a multi-line cell costs the cube of its length (`cocreate
 * codebook` took 18 s of CPU). renderBoxTable lays the table out as Table
 * does (column widths, padding, rules, alignment) and measures, cuts and
 * re-colours each line with cli-table3's own helpers, so the output is
 * byte-identical (pinned against Table in test/render/box-table.test.ts).
 */
import tableUtils from 'cli-table3/src/utils.js';
import type { ReportTable } from './report-table.js';
import type { Style } from './style.js';

/** Horizontal alignment of a column's cells. */
export type CellAlign = 'left' | 'right' | 'center';

/** A table for renderBoxTable: plain strings, laid out as cli-table3 0.6 does with no spans. */
export interface BoxTable {
  /** Header cells, drawn first with a rule under them; empty for no header. */
  head: readonly string[];
  /** Body rows of cells. A cell may hold several lines (`\n`) and ANSI SGR styling; a short row gets empty cells. */
  rows: readonly (readonly string[])[];
  /** Per column alignment; unset columns are left-aligned. */
  aligns?: readonly (CellAlign | undefined)[];
  /** Per column fixed width in terminal columns, including the one space of padding on each side (e.g. 22 for 20 columns of text); a longer line is cut, ending in `…`. Unset columns are as wide as their widest line plus 2. */
  widths?: readonly (number | undefined)[];
  /** true: no rule between body rows (only under the header); false: a rule between every two rows. */
  compact: boolean;
}

const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;
/** Characters string-width 4 counts as one column each, alone or in any sequence (checked one by one in the test). */
const NARROW = /^[\u0020-\u007e\u00a0-\u024f\u0370-\u04ff\u2010-\u2027\u2030-\u205e\u2212]*$/;

/** Display width of one line as cli-table3 measures it, with a fast path for Latin, Greek and Cyrillic text (no emoji regex). */
function lineWidth(line: string): number {
  if (NARROW.test(line)) return line.length;
  if (line.includes('\u001b')) {
    const plain = line.replace(SGR, '');
    if (NARROW.test(plain)) return plain.length;
  }
  return tableUtils.strlen(line);
}

interface LaidCell {
  /** Lines as drawn (SGR styles reopened per line). */
  lines: string[];
  /** Display width of each line. */
  widths: number[];
}

function layCell(content: string): LaidCell {
  const raw = content.split('\n');
  const widths = raw.map(lineWidth);
  const lines = content.includes('\u001b') ? tableUtils.colorizeLines(raw) : raw;
  return { lines, widths };
}

function widest(widths: readonly number[]): number {
  let most = 0;
  for (const width of widths) if (width > most) most = width;
  return most;
}

/** One line of a cell's text, cut to `room` columns if wider, then padded as cli-table3's `pad` does. */
function fitLine(line: string, width: number, room: number, align: CellAlign | undefined): string {
  let text = line;
  let used = width;
  if (used > room) {
    text = tableUtils.truncate(line, room, '…');
    used = tableUtils.strlen(text);
  }
  if (room + 1 < used) return text;
  const gap = Math.max(0, room - used);
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') {
    const right = Math.ceil(gap / 2);
    return ' '.repeat(gap - right) + text + ' '.repeat(right);
  }
  return text + ' '.repeat(gap);
}

/** Draws a box table (─│┌┬┐├┼┤└┴┘, one space of padding) exactly as cli-table3 0.6 draws it with uncoloured borders and head, in time linear in the text. */
export function renderBoxTable(table: BoxTable): string {
  const rows = table.head.length > 0 ? [table.head, ...table.rows] : [...table.rows];
  if (rows.length === 0) return '';
  const columnCount = rows.reduce((most, row) => Math.max(most, row.length), 0);
  if (columnCount === 0) return '';
  const laid = rows.map((row) => Array.from({ length: columnCount }, (_, x) => layCell(String(row[x] ?? ''))));
  const widths = Array.from({ length: columnCount }, (_, x) => {
    const fixed = table.widths?.[x];
    if (typeof fixed === 'number') return Math.max(1, fixed);
    return laid.reduce((most, row) => Math.max(most, widest(row[x]!.widths) + 2), 1);
  });
  const rule = (left: string, cross: string, right: string) => left + widths.map((width) => '─'.repeat(width)).join(cross) + right;
  const out: string[] = [];
  laid.forEach((row, y) => {
    if (y === 0) out.push(rule('┌', '┬', '┐'));
    else if (!table.compact || (y === 1 && table.head.length > 0)) out.push(rule('├', '┼', '┤'));
    const height = row.reduce((most, cell) => Math.max(most, cell.lines.length), 1);
    for (let lineNumber = 0; lineNumber < height; lineNumber++) {
      let text = '';
      row.forEach((cell, x) => {
        const width = widths[x]!;
        const line = cell.lines[lineNumber];
        text += '│' + (line === undefined ? ' '.repeat(width) : ` ${fitLine(line, cell.widths[lineNumber]!, width - 2, table.aligns?.[x])} `);
      });
      out.push(text + '│');
    }
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** Options of {@link renderTerminalTables}. */
export interface TerminalTableOptions {
  /** Terminal width in characters; a wider table is wrapped into parts that fit (undefined: never wrapped, e.g. when piped). */
  width?: number;
}

/** Renders tables one after another, each with its title and note; wraps wide tables to `options.width` (issue 17). */
export function renderTerminalTables(tables: readonly ReportTable[], style: Style, options: TerminalTableOptions = {}): string {
  return tables.flatMap((table) => (options.width === undefined ? [table] : wrapTable(table, options.width)).map((part) => renderTerminalTable(part, style))).join('\n');
}

/** Columns a column takes in the box table: its widest line, one space each side, one border. */
function columnWidth(report: ReportTable, index: number): number {
  let most = lineWidth(report.columns[index]!.header);
  for (let r = 0; r < report.rows.length; r++) {
    const cell = report.rows[r]![index];
    const text = cell === null || cell === undefined ? '–' : String(cell);
    const mark = report.marks?.[r]?.[index] ? 2 : 0;
    for (const line of text.split('\n')) most = Math.max(most, lineWidth(line) + mark);
  }
  return most + 3;
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
    for (const index of columns) current.push(index);
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

/** One ReportTable as a compact box table: bold header, numbers right-aligned, marks coloured and signed, strong rows bold; title above, note below. */
export function renderTerminalTable(report: ReportTable, style: Style): string {
  const rows = report.rows.map((row, rowIndex) => {
    const strong = report.strong?.has(rowIndex) ?? false;
    return row.map((cell, columnIndex) => {
      let text = cell === null ? '–' : String(cell);
      const mark = report.marks?.[rowIndex]?.[columnIndex];
      if (mark === 'high') text = style.high(`${text} +`);
      else if (mark === 'low') text = style.low(`${text} −`);
      return strong ? style.bold(text) : text;
    });
  });
  const box = renderBoxTable({
    head: report.columns.map((column) => style.bold(column.header)),
    rows,
    aligns: report.columns.map((column, index) => column.align ?? (report.rows.some((row) => typeof row[index] === 'number') ? 'right' : 'left')),
    compact: true,
  });
  const parts: string[] = [];
  if (report.title) parts.push(style.bold(report.title));
  parts.push(box);
  if (report.note) parts.push(style.dim(report.note));
  return parts.join('\n') + '\n';
}
