/**
 * How analysis commands report problems with their inputs: on stderr,
 * grouped by file, never mixed into the data on stdout; and the exit code
 * that follows from them.
 */
import { renderSafeText } from '../render/sanitize.js';
import { countSeverities, type Diagnostic } from '../model/diagnostic.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { styleFor } from './output.js';

/** Prints warnings and errors to stderr (info only with `verbose`). */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], verbose = false): void {
  const shown = diagnostics.filter((d) => verbose || d.severity !== 'info');
  if (shown.length === 0) return;
  process.stderr.write(renderSafeText((style) => renderDiagnosticsText(shown, style, { summary: shown.some((d) => d.severity !== 'info') }), styleFor(process.stderr)));
}

/** 1 when an input had errors (its file was left out), else 0. */
export function exitCodeFromDiagnostics(diagnostics: readonly Diagnostic[]): number {
  return countSeverities(diagnostics).error > 0 ? 1 : 0;
}
