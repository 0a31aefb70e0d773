/**
 * `cocreate report`: codebook and corpus → coding → report data → HTML or
 * Markdown. The whole corpus is kept in memory (the report quotes and lists
 * segments); the report has no clock in it unless `--timestamp` is given.
 */
import { buildReportData } from '../../analyze/report-data.js';
import type { CodeSource } from '../../analyze/tally.js';
import { codeTranscript } from '../../code/coder.js';
import { UsageError } from '../../model/errors.js';
import { renderHtmlReport } from '../../render/html-report.js';
import { renderMarkdownReport } from '../../render/markdown-report.js';
import type { ReportCommandOptions } from '../commands/report.js';
import { resolveFormat } from '../commands/options.js';
import { loadCorpus, openCodebook, requireTranscripts } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { VERSION } from '../version.js';
import { emit } from '../output.js';

export async function runReport(paths: string[], options: ReportCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'html');
  if (format !== 'html' && format !== 'md') throw new UsageError(`A report is written as html or md, not ${format}; use --format html or --format md.`);
  const source = parseSource(options.source);
  const codebook = await openCodebook(options.codebook);
  const corpus = await loadCorpus(paths);
  const diagnostics = [...codebook.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  requireTranscripts(corpus, paths);
  const by = options.by;
  if (by !== 'language' && by !== 'id' && !corpus.transcripts.some((transcript) => by in transcript.attributes)) {
    const known = [...new Set(corpus.transcripts.flatMap((transcript) => Object.keys(transcript.attributes)))].sort();
    throw new UsageError(`No transcript has the attribute "${by}". Attributes found: ${known.join(', ') || 'none'} (and language).`);
  }
  const { compiled } = codebook;
  const coded = corpus.transcripts.map((transcript) => codeTranscript(compiled, transcript, { includeInterviewer: options.includeInterviewer }));
  const data = buildReportData(compiled, coded, {
    by,
    source,
    quotesPerTheme: options.quotes,
    measure: options.measure,
    version: VERSION,
    generatedAt: options.timestamp ? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined,
    includeInterviewer: options.includeInterviewer ?? false,
  });
  const content = format === 'md' ? renderMarkdownReport(data) : renderHtmlReport(data);
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}

function parseSource(value: string): CodeSource {
  if (value === 'auto' || value === 'manual') return value;
  if (/^[\p{L}\p{N}_.-]+$/u.test(value)) return { coder: value };
  throw new UsageError(`--source must be auto, manual or a coder name, not "${value}".`);
}
