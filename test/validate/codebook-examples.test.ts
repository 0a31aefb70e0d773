/**
 * The codebook tests itself (issue 5): examples must be coded with their
 * code, counter-examples must not, and failures name the codebook line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { checkCodebookExamples, runCodebookExamples } from '../../src/validate/codebook-examples.js';
import { FIXTURES, REPO_ROOT } from '../helpers/cli.js';

function compiledFrom(path: string, file: string) {
  const loaded = parseCodebook(readFileSync(path, 'utf8'), file);
  return compileCodebook(loaded.codebook!).compiled;
}

function inline(yaml: string) {
  const loaded = parseCodebook(yaml, 'inline.yaml');
  return compileCodebook(loaded.codebook!).compiled;
}

describe('checkCodebookExamples', () => {
  it('passes on the project codebook coval.yaml, every language', () => {
    const { diagnostics, counts } = runCodebookExamples(compiledFrom(join(REPO_ROOT, 'codebooks', 'coval.yaml'), 'codebooks/coval.yaml'));
    expect(diagnostics).toEqual([]);
    expect(counts.languages).toEqual(['en', 'es']);
    expect(counts.examples).toBeGreaterThan(100);
  });

  it('reports a broken example and a coded counter-example at their lines', () => {
    const diagnostics = checkCodebookExamples(compiledFrom(join(FIXTURES, 'agree', 'codebooks', 'broken.yaml'), 'broken.yaml'));
    expect(diagnostics.map((d) => [d.ruleId, d.file, d.line, d.column, d.severity])).toEqual([
      ['example-not-coded', 'broken.yaml', 13, 16, 'error'],
      ['counter-example-coded', 'broken.yaml', 15, 17, 'error'],
    ]);
    expect(diagnostics[0]!.message).toContain('"I am glad."');
    expect(diagnostics[1]!.message).toContain('terms: happy matched "happy"');
  });

  it('checks each language with its own rules', () => {
    const compiled = inline(`
themes:
  - id: t
    codes:
      - id: c
        examples:
          en: ["the citizen"]
          es: ["el ciudadano", "the citizen"]
          fr: ["le citoyen"]
        counter_examples:
          fr: ["anything"]
        rules:
          en: { terms: [citizen] }
          es: { terms: [ciudadano] }
`);
    const diagnostics = checkCodebookExamples(compiled);
    expect(diagnostics.map((d) => [d.ruleId, d.line])).toEqual([
      ['example-not-coded', 8],
      ['example-without-rules', 9],
    ]);
  });

  it('names the codes the rules applied instead', () => {
    const compiled = inline(`
themes:
  - id: t
    codes:
      - id: a
        examples: { en: ["a pear"] }
        rules: { en: { terms: [apple] } }
      - id: b
        rules: { en: { terms: [pear] } }
`);
    expect(checkCodebookExamples(compiled)[0]!.message).toContain('(the rules applied t.b)');
  });
});
