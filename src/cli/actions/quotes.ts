/**
 * `cocreate quotes`: options → codebook (target resolved) → corpus, filtered
 * by `--where` before coding → each transcript reduced to its quotes for the
 * target → ordered, grouped, limited → whole quotes, KWIC lines, CSV or JSON.
 */
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { TOPIC_GROUPING } from '../../analyze/frequencies.js';
import { quotesOfTranscript, resolveQuoteTarget, selectQuotes, type QuoteSource } from '../../analyze/quotes.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { renderCsv } from '../../render/csv.js';
import { renderJson } from '../../render/json.js';
import { kwicText, quotesCsvTable, quotesJson, quotesMarkdown, quotesText, type QuoteReportContext } from '../../render/quotes-report.js';
import type { QuotesCommandOptions } from '../commands/quotes.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit, outputStyle } from '../output.js';
import { checkSourceCoder, setupSource, sourceFields } from '../sources.js';
import { parseWhereOption, readProjectTopics, reduceCodedCorpus, requireAttribute, requireWhereValues, resolveTopics } from './coded-corpus.js';

export async function runQuotes(name: string, paths: string[], options: QuotesCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  if (!['table', 'csv', 'json', 'md'].includes(format)) throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  const where = parseWhereOption(options.where);
  const withTopics = options.by === TOPIC_GROUPING || where.topics !== undefined;
  const project = withTopics ? await readProjectTopics() : undefined;
  const topicFilter = where.topics ? new Set(where.topics) : undefined;
  const found = new Set<string>();
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const target = resolveQuoteTarget(compiled, name);
  if ('error' in target) throw new UsageError(target.error);
  const setup = await setupSource(options.source, compiled, codebook.path, options.model, true);
  const source: QuoteSource = setup.both ? 'both' : setup.resolved.tally;

  const kwic = options.kwic ?? 0;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where: where.attributes, recode: setup.recode }, (coded) => {
    if (withTopics) for (const segment of coded.segments) if (segment.segment.question !== undefined) found.add(segment.segment.question);
    return quotesOfTranscript(compiled, coded, target, { source, kwic, by: options.by, topics: topicFilter });
  });
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...(project?.diagnostics ?? []), ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, corpus.coders);
  requireWhereValues(where.attributes, corpus);
  if (options.by !== undefined && options.by !== TOPIC_GROUPING) requireAttribute(options.by, corpus.attributes, '--by');
  const topics = project ? resolveTopics(project.topics, found, where) : [];

  // Automatic quotes name the source that coded them (rules, model or hybrid).
  const quotes = corpus.results.flat().map((quote) => (quote.sources.includes('auto') ? { ...quote, sources: quote.sources.map((name) => (name === 'auto' ? setup.resolved.name : name)) } : quote));
  const selection = selectQuotes(target, quotes, { by: options.by, limit: options.limit, order: options.sort, groupOrder: topics });
  const context: QuoteReportContext = {
    source: setup.both ? `both (${setup.resolved.name} and human)` : setup.resolved.name,
    where: where.given,
    kwic,
  };
  let content: string;
  switch (format) {
    case 'json':
      content = renderJson(quotesJson(selection, context, (index) => compiled.codes[index]!.id, { codebook: compiled.codebook.id, ...sourceFields(setup.resolved), ...(setup.both ? { source: 'both', automatic: setup.resolved.name } : {}) }));
      break;
    case 'csv':
      content = renderCsv(quotesCsvTable(selection, kwic > 0), { bom: options.bom, raw: options.rawCsv });
      break;
    case 'md':
      content = sanitizeText(quotesMarkdown(selection, context));
      break;
    default:
      content = renderSafeText((style) => (kwic > 0 ? kwicText(selection, context, style) : quotesText(selection, context, style)), outputStyle(options.output));
  }
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}
