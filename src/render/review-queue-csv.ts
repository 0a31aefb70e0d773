/**
 * The review queue file (`review --export`): CSV records as csv-stringify
 * writes them (RFC 4180, CRLF row ends), optionally after a UTF-8 byte-order
 * mark for spreadsheet programs. The columns are in load/review-queue-csv.ts.
 * The file is meant for a spreadsheet, so a text cell that would start a
 * formula (an excerpt such as `=HYPERLINK(…)`) gets a leading `'`, as every
 * analysis CSV does; `--apply` takes it off again (load/review-queue-csv.ts).
 */
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../model/spreadsheet-formula.js';

/** CSV text of records (header first), formula-like text cells neutralised. */
export function renderCsvRecords(records: readonly (readonly string[])[], options: { bom?: boolean } = {}): string {
  return (options.bom ? '\uFEFF' : '') + stringify(records.map((record) => record.map(neutraliseFormula)), { record_delimiter: '\r\n' });
}
