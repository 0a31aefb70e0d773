/**
 * `cocreate kwic`: pattern → a one-rule codebook (the coder's compiler) →
 * corpus, filtered by `--where` before coding → each transcript reduced to
 * its occurrences and what was searched → grouped, limited → table,
 * Markdown, CSV or JSON. A bad pattern is a usage error (exit 2).
 */
import { TOPIC_GROUPING } from '../../analyze/frequencies.js';
import { buildConcordance, compileKwicPattern, kwicOfTranscript } from '../../analyze/kwic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { renderCsv } from '../../render/csv.js';
import { renderJson } from '../../render/json.js';
import { kwicCsvTable, kwicJson, kwicReportTables, type KwicReportContext } from '../../render/kwic-report.js';
import { renderMarkdownTables } from '../../render/markdown.js';
import { renderTerminalTables } from '../../render/table.js';
import type { KwicCommandOptions } from '../commands/kwic.js';
import { resolveFormat } from '../commands/options.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit, outputStyle, terminalWidth } from '../output.js';
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { parseWhereOption, readProjectTopics, reduceCodedCorpus, requireAttribute, requireWhereValues, resolveTopics } from './coded-corpus.js';

export async function runKwic(pattern: string, paths: string[], options: KwicCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  if (!['table', 'csv', 'json', 'md'].includes(format)) throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  const compiledPattern = compileKwicPattern(pattern);
  if ('error' in compiledPattern) throw new UsageError(`kwic: ${compiledPattern.error}`);
  const where = parseWhereOption(options.where);
  const withTopics = options.by === TOPIC_GROUPING || where.topics !== undefined;
  const project = withTopics ? await readProjectTopics() : undefined;
  const topicFilter = where.topics ? new Set(where.topics) : undefined;
  const found = new Set<string>();
  const corpus = await reduceCodedCorpus(paths, compiledPattern.compiled, { includeInterviewer: options.includeInterviewer, where: where.attributes, checkHumanCodes: false }, (coded) => {
    if (withTopics) for (const segment of coded.segments) if (segment.segment.question !== undefined) found.add(segment.segment.question);
    return kwicOfTranscript(coded, { window: options.window, by: options.by, topics: topicFilter });
  });
  const diagnostics: Diagnostic[] = [...compiledPattern.warnings, ...(project?.diagnostics ?? []), ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  requireWhereValues(where.attributes, corpus);
  if (options.by !== undefined && options.by !== TOPIC_GROUPING) requireAttribute(options.by, corpus.attributes, '--by');
  const topics = project ? resolveTopics(project.topics, found, where) : [];

  const concordance = buildConcordance(corpus.results, { by: options.by, limit: options.limit, groupOrder: topics });
  const context: KwicReportContext = { pattern: compiledPattern.source, kind: compiledPattern.kind, window: options.window, where: where.given };
  let content: string;
  switch (format) {
    case 'json':
      content = renderJson(kwicJson(concordance, context));
      break;
    case 'csv':
      content = renderCsv(kwicCsvTable(concordance), { bom: options.bom, raw: options.rawCsv });
      break;
    case 'md':
      content = sanitizeText(renderMarkdownTables(kwicReportTables(concordance, context, (text) => `**${text}**`)));
      break;
    default:
      content = renderSafeText((style) => {
        // Without colour the keyword is bracketed, so it stands out in pipes and with NO_COLOR.
        const coloured = style.match('x') !== 'x';
        return renderTerminalTables(kwicReportTables(concordance, context, (text) => (coloured ? style.match(text) : `[${text}]`)), style, { width: terminalWidth(options.output) });
      }, outputStyle(options.output));
  }
  await emit(content, options.output, paths);
  return exitCodeFromDiagnostics(diagnostics);
}
