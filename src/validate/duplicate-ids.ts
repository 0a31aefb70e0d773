/**
 * Corpus-wide rule: transcript ids are unique. Pure; used by `validate`
 * and by every analysis command (two files with one id would be counted
 * as one interview's evidence twice).
 */
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SourcePoint } from '../model/transcript.js';

export interface IdentifiedFile {
  id: string;
  file: string;
  idAt: SourcePoint;
}

/** One error per file after the first that reuses an id. */
export function checkDuplicateIds(files: readonly IdentifiedFile[]): Diagnostic[] {
  const first = new Map<string, IdentifiedFile>();
  const diagnostics: Diagnostic[] = [];
  for (const entry of files) {
    const earlier = first.get(entry.id);
    if (!earlier) {
      first.set(entry.id, entry);
      continue;
    }
    diagnostics.push(
      createDiagnostic('error', 'duplicate-id', entry.file, `The id "${entry.id}" is already used by ${earlier.file}:${earlier.idAt.line}.`, {
        ...entry.idAt,
        hint: 'Give every transcript its own id.',
        actual: entry.id,
      }),
    );
  }
  return diagnostics;
}
