/**
 * Reads a codebook with the zod schema of model/codebook.ts checking its
 * shape, so every problem gets zod's message and the line of the offending
 * key. The parsing itself lives in codebook-read.ts (zod-free, for start-up
 * time); `readCodebookFile` there uses this module only for a codebook its
 * fast check does not accept.
 */
import { codebookSchema } from '../model/codebook.js';
import { parseCodebookWith, type LoadedCodebook } from './codebook-read.js';

export { findDefaultCodebook, parseCodebookWith, readCodebookFile, type LoadedCodebook } from './codebook-read.js';

/** Parses codebook YAML text. Schema problems are errors with the line of the offending key. */
export function parseCodebook(source: string, file: string): LoadedCodebook {
  return parseCodebookWith(source, file, (value) => {
    const result = codebookSchema.safeParse(value);
    return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
  })!;
}
