/**
 * `cocreate codebook` (print it) and `cocreate codebook test` (run its
 * examples and counter-examples through its rules). The test report is the
 * command's output, so it goes to stdout like `validate`'s; exit 1 when an
 * example fails or a rule does not compile.
 */
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { countSeverities, sortDiagnostics } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { codebookCsvTable, codebookJson, codebookMarkdown, codebookText } from '../../render/codebook-report.js';
import { renderCsv } from '../../render/csv.js';
import { renderDiagnosticsGithub, renderDiagnosticsText } from '../../render/diagnostics.js';
import { renderJson } from '../../render/json.js';
import { plainStyle } from '../../render/style.js';
import { runCodebookExamples } from '../../validate/codebook-examples.js';
import type { CodebookShowOptions, CodebookTestOptions } from '../commands/codebook.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook } from '../corpus.js';
import { reportDiagnostics } from '../diagnostics.js';
import { emit, outputStyle, styleFor } from '../output.js';

export async function runCodebookShow(options: CodebookShowOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  const opened = await openCodebook(options.codebook, { allowErrors: true });
  reportDiagnostics(opened.diagnostics);
  const codebook = opened.compiled.codebook;
  let content: string;
  switch (format) {
    case 'md':
      content = sanitizeText(codebookMarkdown(codebook));
      break;
    case 'csv':
      content = renderCsv(codebookCsvTable(codebook), { bom: options.bom, raw: options.rawCsv });
      break;
    case 'json':
      content = renderJson(codebookJson(codebook));
      break;
    case 'table': {
      const toTerminal = options.output === undefined || options.output === '-';
      content = renderSafeText((style) => codebookText(codebook, style, toTerminal ? (process.stdout.columns ?? 120) : 120), outputStyle(options.output));
      break;
    }
    default:
      throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  }
  await emit(content, options.output, [opened.path]);
  return 0;
}

export async function runCodebookTest(options: CodebookTestOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'text', ['text', 'json', 'github']);
  const opened = await openCodebook(options.codebook, { allowErrors: true });
  const { diagnostics: failures, counts } = runCodebookExamples(opened.compiled);
  // Rules that do not compile are dropped from coding, so they belong in this report too.
  const diagnostics = [...opened.diagnostics.filter((d) => d.severity !== 'info'), ...failures];
  const severities = countSeverities(diagnostics);
  const summary = `${counts.examples} examples and ${counts.counterExamples} counter-examples (${counts.languages.join(', ') || 'no languages'}) in ${opened.path}: ${counts.failures === 0 ? 'all pass' : `${counts.failures} failed`}`;
  let content: string;
  if (format === 'json') {
    content = renderJson({
      codebook: opened.path,
      examples: counts.examples,
      counterExamples: counts.counterExamples,
      languages: counts.languages,
      failures: counts.failures,
      diagnostics: sortDiagnostics(diagnostics).map((d) => ({ file: d.file, line: d.line ?? null, column: d.column ?? null, severity: d.severity, ruleId: d.ruleId, message: d.message, hint: d.hint ?? null })),
    });
  } else if (format === 'github') {
    content = sanitizeText(`${renderDiagnosticsGithub(diagnostics)}${summary}\n`);
  } else if (format === 'text') {
    const style = options.output === undefined || options.output === '-' ? styleFor(process.stdout) : plainStyle;
    content = renderSafeText((safe) => renderDiagnosticsText(diagnostics, safe, { summary: false }), style);
    content += `${severities.error === 0 ? '✔' : '✖'} ${summary}\n`;
  } else throw new UsageError(`Unknown --format "${format}"; use text, json or github.`);
  await emit(content, options.output, [opened.path]);
  return severities.error > 0 ? 1 : 0;
}
