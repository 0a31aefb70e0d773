/**
 * CSV (RFC 4180, via csv-stringify): CRLF row ends, quoting where needed.
 * `bom` prepends a UTF-8 byte-order mark for spreadsheet programs that
 * otherwise guess the encoding wrong and break accents.
 *
 * Formula injection (issue 16, item 15): a spreadsheet runs a cell that
 * starts with `=`, `+`, `-` or `@` (and, in some, a tab or carriage return)
 * as a formula, so a transcript line such as `=HYPERLINK(…)` or a DDE
 * payload would run when the CSV is opened. As OWASP recommends, such a
 * text cell is written with a leading single quote (`'=HYPERLINK(…)`),
 * which spreadsheets show as text. Numbers (also numbers written as text,
 * such as `-0.5` or `+3`) are left alone. `raw` keeps every cell as it is,
 * for R, pandas and DuckDB, which never evaluate cells. The rule itself is
 * model/spreadsheet-formula.ts, shared with the review queue.
 */
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../model/spreadsheet-formula.js';
import type { ReportTable } from './report-table.js';

export interface CsvOptions {
  /** Prepend U+FEFF so Excel reads the file as UTF-8. */
  bom?: boolean;
  /** Write text cells as they are, without neutralising formula-like ones (`--raw-csv`). */
  raw?: boolean;
}

/** One table as CSV, header row first; null cells are empty. */
export function renderCsv(table: ReportTable, options: CsvOptions = {}): string {
  const text = options.raw ? (value: string) => value : neutraliseFormula;
  const records = [table.columns.map((column) => text(column.header)), ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'string' ? text(cell) : cell)))];
  // A cell with a line break is quoted even when the break is a bare LF, not the CRLF row end (csv-stringify only quotes the latter by itself).
  const body = stringify(records, { record_delimiter: '\r\n', quoted_match: /[\r\n]/, cast: { number: (value) => String(value) } });
  return (options.bom ? '\uFEFF' : '') + body;
}
