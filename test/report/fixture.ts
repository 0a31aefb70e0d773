/** Loads an on-disk fixture corpus and codes it, for the report tests. */
import { join } from 'node:path';
import { compileCodebook, type CompiledCodebook } from '../../src/code/compile.js';
import { codeTranscript, type CodedTranscript } from '../../src/code/coder.js';
import { readCodebookFile } from '../../src/load/codebook.js';
import { listTranscriptFiles, loadTranscriptFile } from '../../src/load/corpus.js';
import { FIXTURES } from '../helpers/cli.js';

export interface CodedFixture {
  compiled: CompiledCodebook;
  coded: CodedTranscript[];
}

/** `test/fixtures/<name>/codebooks/<codebook>` and every transcript under `test/fixtures/<name>/interviews`. */
export async function loadCodedFixture(name: string, codebook: string): Promise<CodedFixture> {
  const loaded = await readCodebookFile(join(FIXTURES, name, 'codebooks', codebook));
  if (!loaded.codebook) throw new Error(`fixture codebook did not load: ${JSON.stringify(loaded.diagnostics)}`);
  const { compiled } = compileCodebook(loaded.codebook);
  const listing = await listTranscriptFiles([join(FIXTURES, name, 'interviews')]);
  const coded: CodedTranscript[] = [];
  for (const file of listing.files) {
    const transcript = (await loadTranscriptFile(file)).transcript;
    if (!transcript) throw new Error(`fixture transcript did not load: ${file.file}`);
    coded.push(codeTranscript(compiled, transcript));
  }
  return { compiled, coded };
}
