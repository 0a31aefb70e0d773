/**
 * Diagnostic reporters: text for people (grouped by file, with a summary),
 * JSON for scripts (stable field names), and GitHub Actions workflow
 * commands so findings show on a pull request's changed lines.
 */
import { countSeverities, sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { Style } from './style.js';

export type DiagnosticFormat = 'text' | 'json' | 'github';

/** Options of the text reporter. */
export interface TextReportOptions {
  /** End with a summary line (default true). */
  summary?: boolean;
  /** Show `info` findings too (skipped files and the like). */
  showInfo?: boolean;
  /** Counts for the summary when they differ from the findings shown (e.g. `--quiet` hides warnings that still count). */
  counts?: { error: number; warning: number };
  /** Added to the summary line, e.g. `in 14 transcripts`. */
  summaryDetail?: string;
}

/**
 * One line per finding, exactly `file:line:column  severity  message  rule-id`
 * (e.g. `interviews/sgad-03.yaml:42:7  error  Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?  unknown-code`),
 * files separated by a blank line; a hint follows on its own indented line
 * the first time it occurs; then a summary line.
 */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], style: Style, options: TextReportOptions = {}): string {
  const shown = sortDiagnostics(diagnostics.filter((d) => options.showInfo || d.severity !== 'info'));
  const lines: string[] = [];
  const hintsShown = new Set<string>();
  let currentFile: string | undefined;
  for (const diagnostic of shown) {
    if (diagnostic.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      currentFile = diagnostic.file;
    }
    const place = `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}${diagnostic.column ? `:${diagnostic.column}` : ''}` : ''}`;
    const severity = diagnostic.severity === 'error' ? style.error('error') : diagnostic.severity === 'warning' ? style.warning('warning') : style.dim('info');
    lines.push(`${place}  ${severity}  ${diagnostic.message}  ${style.dim(diagnostic.ruleId)}`);
    // A hint repeated on every line of a long report is noise: show each one once.
    if (diagnostic.hint && !hintsShown.has(diagnostic.hint)) {
      hintsShown.add(diagnostic.hint);
      lines.push(`  ${style.dim(`hint: ${diagnostic.hint}`)}`);
    }
  }
  if (options.summary ?? true) {
    const counts = options.counts ?? countSeverities(diagnostics);
    if (lines.length > 0) lines.push('');
    lines.push(`${summaryLine(counts.error, counts.warning)}${options.summaryDetail ? ` ${options.summaryDetail}` : ''}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `2 errors, 1 warning` / `no problems`. */
export function summaryLine(errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return '✔ no problems';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `✖ ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** An array of findings with stable field names. */
export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(
    sortDiagnostics(diagnostics).map((d) => ({
      file: d.file,
      line: d.line ?? null,
      column: d.column ?? null,
      endLine: d.endLine ?? null,
      endColumn: d.endColumn ?? null,
      severity: d.severity,
      ruleId: d.ruleId,
      message: d.message,
      hint: d.hint ?? null,
      expected: d.expected ?? null,
      actual: d.actual ?? null,
      source: d.source,
    })),
    null,
    2,
  )}\n`;
}

/** `::error file=…,line=…,col=…,title=…::message` per finding (info becomes notice). */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics)
    .map((d) => {
      const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const properties = [`file=${escapeProperty(d.file)}`];
      if (d.line) properties.push(`line=${d.line}`);
      if (d.column) properties.push(`col=${d.column}`);
      if (d.endLine) properties.push(`endLine=${d.endLine}`);
      if (d.endColumn) properties.push(`endColumn=${d.endColumn}`);
      properties.push(`title=${escapeProperty(`cocreate ${d.ruleId}`)}`);
      return `::${command} ${properties.join(',')}::${escapeData(d.message + (d.hint ? ` (${d.hint})` : ''))}\n`;
    })
    .join('');
}

// Escaping as in @actions/core's command.ts.
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
