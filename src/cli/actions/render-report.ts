/**
 * Format dispatch shared by the analysis actions: the same ReportTables go
 * to the terminal (Style from the stdout stream), Markdown or CSV, and a
 * JSON value is built only when JSON is asked for.
 */
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { UsageError } from '../../model/errors.js';
import { renderCsv, type CsvOptions } from '../../render/csv.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdownTables } from '../../render/markdown.js';
import type { ReportTable } from '../../render/report-table.js';
import { renderTerminalTables } from '../../render/table.js';
import { outputStyle, terminalWidth } from '../output.js';

export interface ReportViews {
  /** Tables for the terminal and Markdown. */
  tables: () => ReportTable[];
  /** The CSV table (one table: CSV has no titles). */
  csv: () => ReportTable;
  /** The JSON value. */
  json: () => unknown;
}

/** Renders a report in `format` (table, csv, json, md); `output` is the `-o` file, if any (no colour there). */
export function renderReport(format: string, views: ReportViews, csv: CsvOptions = {}, output?: string): string {
  switch (format) {
    case 'json':
      return renderJson(views.json());
    case 'csv':
      return renderCsv(views.csv(), csv);
    case 'md':
      return sanitizeText(renderMarkdownTables(views.tables()));
    case 'table':
      return renderSafeText((style) => renderTerminalTables(views.tables(), style, { width: terminalWidth(output) }), outputStyle(output));
    default:
      throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  }
}
