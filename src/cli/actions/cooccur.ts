/**
 * `cocreate cooccur`: options → codebook and corpus → per-segment code sets
 * (each transcript reduced as soon as it is coded) → co-occurrence counts
 * and Jaccard → ranked pairs, matrix, edge list or JSON.
 */
import { countCooccurrence, segmentCodeSets } from '../../analyze/cooccurrence.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import {
  cooccurrenceEdgeTable,
  cooccurrenceJson,
  cooccurrenceMatrixCsvTable,
  cooccurrenceMatrixTable,
  cooccurrencePairsTable,
} from '../../render/cooccurrence-report.js';
import type { CooccurCommandOptions } from '../commands/cooccur.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';
import { checkSourceCoder, labelTables, setupSource, sourceFields } from '../sources.js';
import { reduceCodedCorpus } from './coded-corpus.js';
import { suggestClosest } from '../../validate/suggest.js';
import { renderReport } from './render-report.js';

export async function runCooccur(paths: string[], options: CooccurCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const setup = await setupSource(options.source, compiled, codebook.path, options.model);
  const source = setup.resolved.tally;
  if (options.theme !== undefined && !compiled.codebook.themes.some((theme) => theme.id === options.theme)) {
    const themes = compiled.codebook.themes.map((theme) => theme.id);
    const close = suggestClosest(options.theme, themes);
    throw new UsageError(`--theme: the codebook has no theme "${options.theme}".${close ? ` Did you mean "${close}"?` : ''} Themes: ${themes.join(', ')}.`);
  }
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, recode: setup.recode }, (coded) => segmentCodeSets(compiled, coded, source));
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, corpus.coders);

  const cooccurrence = countCooccurrence(compiled, corpus.results, { level: options.level, theme: options.theme });
  const measure = options.measure;
  const meta = { codebook: compiled.codebook.id, ...sourceFields(setup.resolved) };
  const content = renderReport(
    format,
    {
      tables: () => labelTables([options.matrix ? cooccurrenceMatrixTable(cooccurrence, measure) : cooccurrencePairsTable(cooccurrence, measure, options.limit)], setup.resolved),
      csv: () => (options.matrix ? cooccurrenceMatrixCsvTable(cooccurrence, measure) : cooccurrenceEdgeTable(cooccurrence, measure)),
      json: () => cooccurrenceJson(cooccurrence, measure, meta),
    },
    options.bom,
  );
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}
