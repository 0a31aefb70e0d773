/**
 * Inline fixtures for the cross-unit analyses (compare, cooccur, quotes):
 * a codebook and transcripts written as strings in the test, parsed with
 * the real loaders and coded with the real coder.
 */
import type { CompiledCodebook } from '../../src/code/compile.js';
import { compileCodebook } from '../../src/code/compile.js';
import { codeTranscript, type CodedTranscript } from '../../src/code/coder.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscript } from '../../src/load/transcript.js';
import type { TranscriptTally } from '../../src/analyze/tally.js';

/** Compiles codebook YAML text; fails the test on any error. */
export function compileInline(yaml: string): CompiledCodebook {
  const loaded = parseCodebook(yaml, 'inline.yaml');
  if (!loaded.codebook) throw new Error(`inline codebook: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return compileCodebook(loaded.codebook).compiled;
}

/** Parses and codes YAML transcript text. */
export function codeInline(compiled: CompiledCodebook, yaml: string, file = 'inline.yaml'): CodedTranscript {
  const loaded = parseTranscript(yaml, file, 'yaml');
  if (!loaded.transcript) throw new Error(`inline transcript: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return codeTranscript(compiled, loaded.transcript);
}

/** Three codes in two themes, English rules. */
export const SMALL_CODEBOOK = `
id: small
themes:
  - id: t1
    codes:
      - id: a
        rules: { en: { terms: [alpha] } }
      - id: b
        rules: { en: { terms: [beta] } }
  - id: t2
    codes:
      - id: c
        rules: { en: { terms: [gamma] } }
`;

/** A tally built by hand: `codes` = segments per code (codebook order); theme counts derived assuming one code per segment. */
export function tally(id: string, attributes: Record<string, string>, codes: number[], themeOfCode: number[], themes: number): TranscriptTally {
  const themeSegments = new Array<number>(themes).fill(0);
  codes.forEach((count, index) => (themeSegments[themeOfCode[index]!]! += count));
  const segments = Math.max(1, codes.reduce((a, b) => a + b, 0));
  return { id, file: `${id}.yaml`, language: 'en', attributes, segments, words: 10, codeSegments: codes, themeSegments, codedSegments: segments, reviewedSegments: segments };
}
