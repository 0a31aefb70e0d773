/**
 * `cocreate export`: the codebook as a REFI-QDA `.qdc` or as Taguette's
 * codebook CSV, or codebook, transcripts and codings (automatic and human)
 * as a `.qdpx` project that other QDA tools open. The XML and the archive
 * are built by render/refi-qda.ts, the CSV by render/taguette.ts; this
 * file loads, codes and writes atomically.
 */
import { sanitizeText } from '../../render/sanitize.js';
import { pushAll } from '../../model/lists.js';
import { codingRecordsOf, type CodingRecord } from '../../analyze/codings.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import type { Transcript } from '../../model/transcript.js';
import type { OffsetUnit } from '../../model/refi-qda.js';
import { renderCsv } from '../../render/csv.js';
import { renderQdc, renderQdpx } from '../../render/refi-qda.js';
import { taguetteCodebookTable } from '../../render/taguette.js';
import type { ExportCommandOptions } from '../commands/export.js';
import { openCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { VERSION } from '../version.js';
import { emit } from '../output.js';
import { checkSourceCoder, setupSource } from '../sources.js';
import { reduceCodedCorpus } from './coded-corpus.js';

const ORIGIN = `cocreate ${VERSION}`;

/** `--offsets`: `code-points` (or `code-point`) and `utf16` (or `utf-16`). */
export function offsetUnitOf(option: string): OffsetUnit {
  const value = option.trim().toLowerCase();
  if (value === 'code-points' || value === 'code-point' || value === 'codepoints') return 'code-point';
  if (value === 'utf16' || value === 'utf-16') return 'utf-16';
  throw new UsageError(`--offsets must be code-points (the standard) or utf16 (NVivo), not "${option}".`);
}

export async function runExport(paths: string[], options: ExportCommandOptions): Promise<number> {
  if ([options.qdc, options.qdpx, options.codebookCsv].filter((target) => target !== undefined).length !== 1) {
    throw new UsageError('Say what to export: --qdc FILE (the codebook), --qdpx FILE (the project) or --codebook-csv FILE (the codebook for Taguette), one of them.');
  }
  const offsets = offsetUnitOf(options.offsets ?? 'code-points');
  if (offsets !== 'code-point' && options.qdpx === undefined) throw new UsageError('--offsets applies to --qdpx only (a codebook has no positions).');
  const codebook = await openCodebook(options.codebook);
  const { compiled } = codebook;
  if (compiled.codebook.themes.length === 0) throw new UsageError(`The codebook ${codebook.path} has no themes; there is nothing to export.`);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics];

  if (options.qdc !== undefined) {
    await emit(renderQdc(compiled.codebook, { origin: ORIGIN }), options.qdc, [codebook.path]);
    reportDiagnostics(diagnostics);
    return exitCodeFromDiagnostics(diagnostics);
  }
  if (options.codebookCsv !== undefined) {
    // Taguette's importer reads this file, not a spreadsheet: cells are written as they are (no formula-neutralising quote, which would become part of a tag's name).
    await emit(renderCsv(taguetteCodebookTable(compiled.codebook), { bom: true, raw: true }), options.codebookCsv, [codebook.path]);
    reportDiagnostics(diagnostics);
    return exitCodeFromDiagnostics(diagnostics);
  }

  const setup = await setupSource(options.source, compiled, codebook.path, options.model, true);
  const source = setup.both ? 'both' : setup.resolved.tally;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, recode: setup.recode }, (coded) => ({
    transcript: coded.transcript,
    records: codingRecordsOf(compiled, coded, source),
  }));
  pushAll(diagnostics, corpus.diagnostics);
  await checkSourceCoder(setup, corpus.coders);
  const transcripts: Transcript[] = corpus.results.map((result) => result.transcript);
  const codings: CodingRecord[] = corpus.results.flatMap((result) => result.records);
  const name = options.name ?? compiled.codebook.title ?? compiled.codebook.id;
  const archive = renderQdpx({ codebook: compiled.codebook, transcripts, codings, name, origin: ORIGIN, offsets });
  await emit(archive, options.qdpx, [...paths, codebook.path]);
  reportDiagnostics(diagnostics);
  if (options.qdpx !== '-') {
    const users = new Set(codings.map((record) => record.source));
    process.stderr.write(
      sanitizeText(
        `Exported ${transcripts.length} transcripts, ${compiled.codes.length} codes and ${codings.length} codings (${[...users].sort().join(', ') || 'none'}) to ${options.qdpx}` +
          `${offsets === 'utf-16' ? ', positions in UTF-16 units' : ''}; automatic codings from ${setup.resolved.name}${setup.resolved.modelFile ? ` (${setup.resolved.modelFile})` : ''}.\n`,
      ),
    );
  }
  return exitCodeFromDiagnostics(diagnostics);
}
