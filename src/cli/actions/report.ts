/**
 * `cocreate report`: codebook and corpus → coding → report data → HTML or
 * Markdown. The whole corpus is kept in memory (the report quotes and lists
 * segments); the report has no clock in it unless `--timestamp` is given.
 */
import { buildReportData } from '../../analyze/report-data.js';
import { UsageError } from '../../model/errors.js';
import { renderHtmlReport } from '../../render/html-report.js';
import { renderMarkdownReport } from '../../render/markdown-report.js';
import type { ReportCommandOptions } from '../commands/report.js';
import { parseCodeSource, resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { readProjectTopics, reduceCodedCorpus } from './coded-corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { VERSION } from '../version.js';
import { emit } from '../output.js';

export async function runReport(paths: string[], options: ReportCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'html');
  if (format !== 'html' && format !== 'md') throw new UsageError(`A report is written as html or md, not ${format}; use --format html or --format md.`);
  const source = parseCodeSource(options.source);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  // The report quotes and lists segments, so it keeps every coded transcript.
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer }, (coded) => coded);
  storeCachedCodebook(codebook);
  const project = await readProjectTopics();
  const diagnostics = [...codebook.diagnostics, ...project.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  const coded = corpus.results;
  if (coded.length === 0) {
    throw new UsageError(`No readable transcripts in ${paths.join(', ')}. Transcripts are .yaml, .yml, .md or .markdown files.`);
  }
  const by = options.by;
  if (by === 'topic') {
    throw new UsageError('report --by takes a document attribute (e.g. unit, role, language); the report always has a theme × protocol topic heatmap (Figure 4b) when transcripts have topics.');
  }
  if (by !== 'language' && by !== 'id' && !corpus.attributes.includes(by)) {
    throw new UsageError(`No transcript has the attribute "${by}". Attributes found: ${corpus.attributes.join(', ') || 'none'} (and language).`);
  }
  const data = buildReportData(compiled, coded, {
    by,
    source,
    quotesPerTheme: options.quotes,
    measure: options.measure,
    version: VERSION,
    generatedAt: options.timestamp ? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined,
    includeInterviewer: options.includeInterviewer ?? false,
    topics: project.topics,
  });
  const content = format === 'md' ? renderMarkdownReport(data) : renderHtmlReport(data);
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}

