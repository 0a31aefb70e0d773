/**
 * Diagnostics are data, not exceptions: every loader, compiler and validator
 * returns them and the reporters in `render/` decide how they look. The shape
 * follows vfile-message (file, 1-based line/column, severity, stable rule id).
 */

/** How serious a finding is; `error` makes `validate` exit 1. */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Path of the file the finding is about, as given on the command line (e.g. `interviews/sgad-03.yaml`). */
  file: string;
  /** 1-based line, or undefined when the finding is about the whole file. */
  line?: number;
  /** 1-based column (UTF-16 units, as editors count), or undefined. */
  column?: number;
  /** Optional end of the flagged range (1-based, exclusive column). */
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  /** Stable kebab-case id of the check, e.g. `unknown-code`; scripts may rely on it. */
  ruleId: string;
  /** Always `cocreate`. */
  source: 'cocreate';
  /** One-sentence description of the problem. */
  message: string;
  /** What to do about it, e.g. `did you mean "success.quick-wins"?`. */
  hint?: string;
  /** The value that was expected, when there is one (e.g. the suggested code id). */
  expected?: string;
  /** The value that was found. */
  actual?: string;
}

/** Builds a diagnostic with `source` filled in; keeps call sites short. */
export function createDiagnostic(
  severity: Severity,
  ruleId: string,
  file: string,
  message: string,
  extra: Partial<Omit<Diagnostic, 'severity' | 'ruleId' | 'file' | 'message' | 'source'>> = {},
): Diagnostic {
  const diagnostic: Diagnostic = { file, severity, ruleId, source: 'cocreate', message };
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (diagnostic as unknown as Record<string, unknown>)[key] = value;
  }
  return diagnostic;
}

/** Counts diagnostics per severity; the exit code is derived from these counts. */
export function countSeverities(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity] += 1;
  return counts;
}

/** Sorts diagnostics by file, line, column so reports are deterministic. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
