/**
 * The codebook step every analysis command shares: find the codebook, read
 * and compile it, and refuse (exit 2) one that cannot be used at all. The
 * corpus loop is `actions/coded-corpus.ts` (and `code-pipeline.ts` for `code`).
 */
import { compileCodebook, type CompiledCodebook } from '../code/compile.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { UsageError } from '../model/errors.js';
import { findDefaultCodebook, readCodebookFile } from '../load/codebook-read.js';

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
