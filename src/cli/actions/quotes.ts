/**
 * `cocreate quotes`: options → codebook (target resolved) → corpus, filtered
 * by `--where` before coding → each transcript reduced to its quotes for the
 * target → ordered, grouped, limited → whole quotes, KWIC lines, CSV or JSON.
 */
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
import { emit, styleFor } from '../output.js';
import { parseCodeSource } from '../commands/options.js';
import { parseWhereOption, readProjectTopics, reduceCodedCorpus, requireAttribute, resolveTopics } from './coded-corpus.js';

export async function runQuotes(name: string, paths: string[], options: QuotesCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output);
  if (!['table', 'csv', 'json', 'md'].includes(format)) throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  const source: QuoteSource = options.source === 'both' ? 'both' : parseCodeSource(options.source);
  const where = parseWhereOption(options.where);
  const withTopics = options.by === TOPIC_GROUPING || where.topics !== undefined;
  const project = withTopics ? await readProjectTopics() : undefined;
  const topicFilter = where.topics ? new Set(where.topics) : undefined;
  const found = new Set<string>();
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const target = resolveQuoteTarget(compiled, name);
  if ('error' in target) throw new UsageError(target.error);

  const kwic = options.kwic ?? 0;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where: where.attributes }, (coded) => {
    if (withTopics) for (const segment of coded.segments) if (segment.segment.question !== undefined) found.add(segment.segment.question);
    return quotesOfTranscript(compiled, coded, target, { source, kwic, by: options.by, topics: topicFilter });
  });
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...(project?.diagnostics ?? []), ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  for (const filter of where.attributes) requireAttribute(filter.attribute, corpus.attributes, '--where');
  if (options.by !== undefined && options.by !== TOPIC_GROUPING) requireAttribute(options.by, corpus.attributes, '--by');
  const topics = project ? resolveTopics(project.topics, found, where) : [];

  const selection = selectQuotes(target, corpus.results.flat(), { by: options.by, limit: options.limit, order: options.sort, groupOrder: topics });
  const context: QuoteReportContext = {
    source: typeof source === 'string' ? source : source.coder,
    where: where.given,
    kwic,
  };
  let content: string;
  switch (format) {
    case 'json':
      content = renderJson(quotesJson(selection, context, (index) => compiled.codes[index]!.id, { codebook: compiled.codebook.id }));
      break;
    case 'csv':
      content = renderCsv(quotesCsvTable(selection, kwic > 0), { bom: options.bom });
      break;
    case 'md':
      content = quotesMarkdown(selection, context);
      break;
    default:
      content = kwic > 0 ? kwicText(selection, context, styleFor(process.stdout)) : quotesText(selection, context, styleFor(process.stdout));
  }
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}
