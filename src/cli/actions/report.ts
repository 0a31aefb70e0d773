/**
 * `cocreate report`: codebook and corpus → coding → report data → HTML or
 * Markdown. The whole corpus is kept in memory (the report quotes and lists
 * segments); the report has no clock in it unless `--timestamp` is given.
 */
import { sanitizeText } from '../../render/sanitize.js';
import { buildReportData } from '../../analyze/report-data.js';
import { UsageError } from '../../model/errors.js';
import { renderHtmlReport } from '../../render/html-report.js';
import { renderMarkdownReport } from '../../render/markdown-report.js';
import type { ReportCommandOptions } from '../commands/report.js';
import { resolveFormat } from '../commands/options.js';
import { checkSourceCoder, setupSource } from '../sources.js';
import type { ReportModelQuality } from '../../analyze/report-data.js';
import type { LearnedModel } from '../../learn/model.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { readProjectTopics, reduceCodedCorpus, requireAttribute } from './coded-corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { VERSION } from '../version.js';
import { emit } from '../output.js';

export async function runReport(paths: string[], options: ReportCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'html', ['html', 'md']);
  if (format !== 'html' && format !== 'md') throw new UsageError(`A report is written as html or md, not ${format}; use --format html or --format md.`);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const setup = await setupSource(options.source, compiled, codebook.path, options.model);
  const source = setup.resolved.tally;
  // The report quotes and lists segments, so it keeps every coded transcript.
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, recode: setup.recode }, (coded) => coded);
  storeCachedCodebook(codebook);
  const project = await readProjectTopics();
  const diagnostics = [...codebook.diagnostics, ...project.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, corpus.coders);
  const coded = corpus.results;
  if (coded.length === 0) {
    throw new UsageError(`No readable transcripts in ${paths.join(', ')}. Transcripts are .yaml, .yml, .md or .markdown files.`);
  }
  const by = options.by;
  if (by === 'topic') {
    throw new UsageError('report --by takes a document attribute (e.g. unit, role, language); the report always has a theme × protocol topic heatmap (Figure 4b) when transcripts have topics.');
  }
  requireAttribute(by, corpus.attributes, '--by');
  const data = buildReportData(compiled, coded, {
    by,
    source,
    sourceName: setup.resolved.name,
    modelFile: setup.resolved.modelFile,
    quality: setup.resolved.model && setup.resolved.model.cv ? reportQuality(setup.resolved.name, setup.resolved.modelFile!, setup.resolved.model, compiled.codebook.themes.map((theme) => theme.label)) : undefined,
    quotesPerTheme: options.quotes,
    // The heatmap's own names for the two measures: share is its `segments`.
    measure: options.measure === 'interviews' ? 'interviews' : 'segments',
    version: VERSION,
    generatedAt: options.timestamp ? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined,
    includeInterviewer: options.includeInterviewer ?? false,
    topics: project.topics,
  });
  const content = format === 'md' ? sanitizeText(renderMarkdownReport(data)) : renderHtmlReport(data);
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}


/** The model file's own agreement, as the report shows it. */
function reportQuality(source: string, file: string, model: LearnedModel, labels: readonly string[]): ReportModelQuality {
  const cv = model.cv!;
  return {
    source,
    file,
    trainedOn: model.trainedOn.transcripts,
    interviews: cv.interviews,
    segments: cv.segments,
    pooled: { rules: cv.rules.kappa, model: cv.model.kappa, hybrid: cv.hybrid.kappa },
    themes: model.themes.map((theme, index) => ({ id: theme.id, label: labels[index] ?? theme.id, rules: theme.cv?.rules.kappa ?? null, model: theme.cv?.model.kappa ?? null, hybrid: theme.cv?.hybrid.kappa ?? null })),
    reviewCurve: cv.reviewCurve,
  };
}
