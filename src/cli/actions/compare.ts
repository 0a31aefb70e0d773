/**
 * `cocreate compare`: options → codebook and corpus → tallies → the
 * comparison (counts, test per row, residuals, q-values) → the chosen format.
 */
import { compareGroups } from '../../analyze/compare.js';
import { tallyTranscript } from '../../analyze/tally.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { compareCsvTable, compareJson, compareTable } from '../../render/compare-report.js';
import type { CompareCommandOptions } from '../commands/compare.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';
import { checkSourceCoder, labelTables, setupSource, sourceFields } from '../sources.js';
import { reduceCodedCorpus, requireAttribute } from './coded-corpus.js';
import { renderReport } from './render-report.js';

export async function runCompare(paths: string[], options: CompareCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const setup = await setupSource(options.source, compiled, codebook.path, options.model);
  const source = setup.resolved.tally;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, recode: setup.recode }, (coded) => tallyTranscript(compiled, coded, source));
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, corpus.coders);
  requireAttribute(options.by, corpus.attributes, '--by');

  const comparison = compareGroups(compiled, corpus.results, options.by, {
    level: options.level,
    test: options.test,
    seed: options.seed,
    permutations: options.permutations,
  });
  const meta = { codebook: compiled.codebook.id, ...sourceFields(setup.resolved) };
  const content = renderReport(
    format,
    { tables: () => labelTables([compareTable(comparison)], setup.resolved), csv: () => compareCsvTable(comparison), json: () => compareJson(comparison, meta) },
    options.bom,
  );
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}
