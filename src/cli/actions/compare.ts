/**
 * `cocreate compare`: options → codebook and corpus → tallies → the
 * comparison (counts, test per row, residuals, q-values) → the chosen format.
 */
import { compareGroups } from '../../analyze/compare.js';
import { selectTopics, TOPIC_GROUPING } from '../../analyze/frequencies.js';
import { tallyTranscript } from '../../analyze/tally.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { compareCsvTable, compareJson, compareTable } from '../../render/compare-report.js';
import type { CompareCommandOptions } from '../commands/compare.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';
import { checkSourceCoder, labelTables, setupSource, sourceFields } from '../sources.js';
import { foundTopics, parseWhereOption, readProjectTopics, reduceCodedCorpus, requireAttribute, requireWhereValues, resolveTopics } from './coded-corpus.js';
import { renderReport } from './render-report.js';

export async function runCompare(paths: string[], options: CompareCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  const where = parseWhereOption(options.where);
  const measure = options.measure ?? 'count';
  const withTopics = options.by === TOPIC_GROUPING || where.topics !== undefined;
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const setup = await setupSource(options.source, compiled, codebook.path, options.model);
  const source = setup.resolved.tally;
  const project = withTopics ? await readProjectTopics() : undefined;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where: where.attributes, recode: setup.recode }, (coded) =>
    tallyTranscript(compiled, coded, source, { topics: withTopics }),
  );
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...(project?.diagnostics ?? []), ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, corpus.coders);
  if (options.by !== TOPIC_GROUPING) requireAttribute(options.by, corpus.attributes, '--by');
  requireWhereValues(where.attributes, corpus);
  const topics = project ? resolveTopics(project.topics, foundTopics(corpus.results.flatMap((tally) => tally.topics ?? [])), where) : [];
  const tallies = where.topics ? selectTopics(corpus.results, new Set(where.topics)) : corpus.results;

  const comparison = compareGroups(compiled, tallies, options.by, {
    level: options.level,
    test: options.test,
    seed: options.seed,
    permutations: options.permutations,
    topics,
  });
  const meta = { codebook: compiled.codebook.id, ...sourceFields(setup.resolved), measure, ...(Object.keys(where.given).length > 0 ? { where: where.given } : {}) };
  const content = renderReport(
    format,
    { tables: () => labelTables([compareTable(comparison, measure)], setup.resolved), csv: () => compareCsvTable(comparison), json: () => compareJson(comparison, meta) },
    { bom: options.bom, raw: options.rawCsv },
    options.output,
  );
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}
