/**
 * The IO steps every analysis command shares: find and compile the
 * codebook, list and load the transcripts, report what could not be read.
 * Files with errors are left out of the analysis (and named on stderr);
 * the others go on.
 */
import { compileCodebook, type CompiledCodebook } from '../code/compile.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { UsageError } from '../model/errors.js';
import type { Transcript } from '../model/transcript.js';
import { findDefaultCodebook, readCodebookFile } from '../load/codebook-read.js';
import { listTranscriptFiles, loadTranscriptFile, type TranscriptFile } from '../load/corpus.js';
import { checkDuplicateIds } from '../validate/duplicate-ids.js';

export interface OpenedCodebook {
  path: string;
  compiled: CompiledCodebook;
  diagnostics: Diagnostic[];
}

/** Loads and compiles the codebook; a codebook that cannot be read at all is a usage error (exit 2). */
export async function openCodebook(path: string | undefined): Promise<OpenedCodebook> {
  const file = path ?? (await findDefaultCodebook());
  const loaded = await readCodebookFile(file);
  if (!loaded.codebook) {
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    const where = first ? `${first.file}${first.line ? `:${first.line}` : ''}` : file;
    const details = loaded.diagnostics
      .filter((d) => d.severity === 'error')
      .slice(0, 5)
      .map((d) => `  ${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}  ${d.message}`)
      .join('\n');
    throw new UsageError(`The codebook ${where} cannot be used:\n${details}\nRun \`cocreate validate --codebook ${file}\` for all problems.`);
  }
  const { compiled, diagnostics } = compileCodebook(loaded.codebook);
  return { path: file, compiled, diagnostics: [...loaded.diagnostics, ...diagnostics] };
}

export interface LoadedCorpus {
  /** Transcripts that loaded without errors, sorted by file path. */
  transcripts: Transcript[];
  /** Everything found while listing and loading, all files. */
  diagnostics: Diagnostic[];
  files: TranscriptFile[];
}

/** Loads every transcript under `paths` into memory (for commands that need texts). */
export async function loadCorpus(paths: readonly string[]): Promise<LoadedCorpus> {
  const listing = await listTranscriptFiles(paths);
  const diagnostics = [...listing.diagnostics];
  const transcripts: Transcript[] = [];
  for (const entry of listing.files) {
    const loaded = await loadTranscriptFile(entry);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.transcript) transcripts.push(loaded.transcript);
  }
  const duplicates = checkDuplicateIds(transcripts);
  diagnostics.push(...duplicates);
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  return { transcripts: transcripts.filter((t) => !duplicateFiles.has(t.file)), diagnostics, files: listing.files };
}

/** Fails with a usage error when there is nothing to analyse. */
export function requireTranscripts(corpus: { transcripts: readonly unknown[] }, paths: readonly string[]): void {
  if (corpus.transcripts.length === 0) {
    throw new UsageError(`No readable transcripts in ${paths.join(', ')}. Transcripts are .yaml, .yml, .md or .markdown files.`);
  }
}
