/**
 * `cocreate export`: the codebook as a REFI-QDA `.qdc`, or codebook,
 * transcripts and codings (automatic and human) as a `.qdpx` project that
 * other QDA tools open. The XML and the archive are built by
 * render/refi-qda.ts; this file loads, codes and writes atomically.
 */
import { sanitizeText } from '../../render/sanitize.js';
import { pushAll } from '../../model/lists.js';
import { codingRecordsOf, type CodingRecord } from '../../analyze/codings.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import type { Transcript } from '../../model/transcript.js';
import { renderQdc, renderQdpx } from '../../render/refi-qda.js';
import type { ExportCommandOptions } from '../commands/export.js';
import { openCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { VERSION } from '../version.js';
import { emit } from '../output.js';
import { parseCodeSource } from '../commands/options.js';
import { reduceCodedCorpus } from './coded-corpus.js';

const ORIGIN = `cocreate ${VERSION}`;

export async function runExport(paths: string[], options: ExportCommandOptions): Promise<number> {
  if ((options.qdc === undefined) === (options.qdpx === undefined)) {
    throw new UsageError('Say what to export: --qdc FILE (the codebook) or --qdpx FILE (the project), one of them.');
  }
  const codebook = await openCodebook(options.codebook);
  const { compiled } = codebook;
  if (compiled.codebook.themes.length === 0) throw new UsageError(`The codebook ${codebook.path} has no themes; there is nothing to export.`);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics];

  if (options.qdc !== undefined) {
    await emit(renderQdc(compiled.codebook, { origin: ORIGIN }), options.qdc, [codebook.path]);
    reportDiagnostics(diagnostics);
    return exitCodeFromDiagnostics(diagnostics);
  }

  const source = options.source === 'both' ? 'both' : parseCodeSource(options.source);
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer }, (coded) => ({
    transcript: coded.transcript,
    records: codingRecordsOf(compiled, coded, source),
  }));
  pushAll(diagnostics, corpus.diagnostics);
  const transcripts: Transcript[] = corpus.results.map((result) => result.transcript);
  const codings: CodingRecord[] = corpus.results.flatMap((result) => result.records);
  const name = options.name ?? compiled.codebook.title ?? compiled.codebook.id;
  const archive = renderQdpx({ codebook: compiled.codebook, transcripts, codings, name, origin: ORIGIN });
  await emit(archive, options.qdpx, [...paths, codebook.path]);
  reportDiagnostics(diagnostics);
  if (options.qdpx !== '-') {
    const users = new Set(codings.map((record) => record.source));
    process.stderr.write(sanitizeText(`Exported ${transcripts.length} transcripts, ${compiled.codes.length} codes and ${codings.length} codings (${[...users].sort().join(', ') || 'none'}) to ${options.qdpx}.\n`));
  }
  return exitCodeFromDiagnostics(diagnostics);
}
