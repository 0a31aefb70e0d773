/**
 * CSV (RFC 4180, via csv-stringify): CRLF row ends, quoting where needed.
 * `bom` prepends a UTF-8 byte-order mark for spreadsheet programs that
 * otherwise guess the encoding wrong and break accents.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportTable } from './report-table.js';

export interface CsvOptions {
  /** Prepend U+FEFF so Excel reads the file as UTF-8. */
  bom?: boolean;
}

/** One table as CSV, header row first; null cells are empty. */
export function renderCsv(table: ReportTable, options: CsvOptions = {}): string {
  const records = [table.columns.map((column) => column.header), ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : cell)))];
  // A cell with a line break is quoted even when the break is a bare LF, not the CRLF row end (csv-stringify only quotes the latter by itself).
  const body = stringify(records, { record_delimiter: '\r\n', quoted_match: /[\r\n]/, cast: { number: (value) => String(value) } });
  return (options.bom ? '\uFEFF' : '') + body;
}
