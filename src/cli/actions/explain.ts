/**
 * `cocreate explain FILE:LINE`: options → codebook → the one transcript →
 * the segment at that line explained → text, Markdown or JSON. A file that
 * cannot be read, or a line outside every segment, is a usage error (exit 2).
 */
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { explainLine } from '../../analyze/explain.js';
import { UsageError } from '../../model/errors.js';
import { listTranscriptFiles, loadTranscriptFile } from '../../load/corpus.js';
import { explanationJson, explanationMarkdown, explanationText } from '../../render/explain-report.js';
import { renderJson } from '../../render/json.js';
import { plainStyle } from '../../render/style.js';
import type { ExplainCommandOptions } from '../commands/explain.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook } from '../corpus.js';
import { reportDiagnostics } from '../diagnostics.js';
import { emit, outputStyle } from '../output.js';

/** Splits `path:line` at its last colon (paths may hold colons). */
export function parseLocation(location: string): { file: string; line: number } {
  const match = /^(.+):(\d+)(?::\d+)?$/.exec(location.trim());
  const line = match ? Number(match[2]) : NaN;
  if (!match || !Number.isInteger(line) || line < 1) throw new UsageError(`explain expects FILE:LINE, e.g. interviews/sgad-03.md:42, not "${location}".`);
  return { file: match[1]!, line };
}

/** Lines in a file's text (a final newline ends the last line, it does not start another). */
function lineCountOf(source: string | undefined): number {
  if (source === undefined) return Infinity;
  let lines = 1;
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) lines++;
  return source.endsWith('\n') ? lines - 1 : lines;
}

export async function runExplain(location: string, options: ExplainCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'json', 'md']);
  const { file, line } = parseLocation(location);
  const codebook = await openCodebook(options.codebook);
  const listing = await listTranscriptFiles([file]);
  const entry = listing.files[0];
  if (!entry || listing.files.length !== 1) {
    reportDiagnostics(listing.diagnostics);
    throw new UsageError(`"${file}" is not a transcript file (.yaml, .yml, .md or .markdown).`);
  }
  const loaded = await loadTranscriptFile(entry);
  reportDiagnostics([...codebook.diagnostics, ...loaded.diagnostics]);
  if (!loaded.transcript) throw new UsageError(`${entry.file} cannot be read as a transcript (see the errors above).`);
  const explanation = explainLine(codebook.compiled, loaded.transcript, line, lineCountOf(loaded.source));
  if ('error' in explanation) throw new UsageError(explanation.error);
  let content: string;
  if (format === 'json') content = renderJson(explanationJson(explanation));
  else if (format === 'md') content = sanitizeText(explanationMarkdown(explanation));
  else if (format === 'table') content = renderSafeText((style) => explanationText(explanation, style), outputStyle(options.output));
  else throw new UsageError(`The format "${format}" is not available here; use table, json or md.`);
  await emit(content, options.output, [file, codebook.path]);
  return 0;
}
