/**
 * The review queue file (`review --export`): CSV records as csv-stringify
 * writes them (RFC 4180, CRLF row ends), optionally after a UTF-8 byte-order
 * mark for spreadsheet programs. The columns are in load/review-queue-csv.ts.
 */
import { stringify } from 'csv-stringify/sync';

/** CSV text of records (header first). */
export function renderCsvRecords(records: readonly (readonly string[])[], options: { bom?: boolean } = {}): string {
  return (options.bom ? '\uFEFF' : '') + stringify(records as string[][], { record_delimiter: '\r\n' });
}
