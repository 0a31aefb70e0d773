/**
 * Properties of folding, tokenizing and matching: folding keeps length (so
 * offsets in folded text are offsets in the original), tokens slice back to
 * their words, and the order of codes and themes in a codebook does not
 * change which codes match where (quanteda's tokens_lookup invariance).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/compile.js';
import { foldText } from '../../src/code/fold.js';
import { matchText } from '../../src/code/match.js';
import { tokenize } from '../../src/code/tokenize.js';
import { parseCodebook } from '../../src/load/codebook.js';

describe('folding', () => {
  it('preserves length, unit by unit, on any string (lone surrogates and astral characters included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const folded = foldText(text);
        expect(folded.length).toBe(text.length);
        for (let i = 0; i < text.length; i++) expect(foldText(text[i]!)).toBe(folded[i]);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(foldText(foldText(text))).toBe(foldText(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('lower-cases and strips accents of the letters transcripts use', () => {
    expect(foldText('ÁÉÍÓÚÜÑ áéíóúüñ Ç ç ÀÈ’')).toBe("aeiouun aeiouun c c ae'");
  });
});

describe('tokenizing', () => {
  it('gives tokens whose offsets slice the text back to the word, in order and without overlap', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const tokens = tokenize(text);
        let previousEnd = 0;
        tokens.words.forEach((word, index) => {
          const start = tokens.starts[index]!;
          const end = tokens.ends[index]!;
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          expect(word).toBe(foldText(text.slice(start, end)).replace(/\p{M}/gu, ''));
          previousEnd = end;
        });
      }),
      { numRuns: 1000 },
    );
  });
});

// A codebook with every rule kind, as a list of (theme, code, rules) to shuffle.
const CODES: { theme: string; id: string; rules: string }[] = [
  { theme: 'actors', id: 'citizens', rules: '{ en: { terms: [citizen, "user*"], exclude: [citizen folder] }, es: { terms: [ciudadano, "usuari*"] } }' },
  { theme: 'actors', id: 'associations', rules: '{ en: { terms: [association, "intermediar*"] }, es: { terms: [asociación] } }' },
  { theme: 'practice', id: 'feedback', rules: '{ en: { near: [{ near: [[citizen, user], [feedback, complaint]], within: 3 }] }, es: { near: [{ near: [usuario, queja], within: 2 }] } }' },
  { theme: 'practice', id: 'reuse', rules: `{ en: { terms: [reuse, "=shared code"], regex: ['\\bopen source\\b'] }, es: { terms: [reutilización] } }` },
  { theme: 'practice', id: 'once-only', rules: '{ en: { terms: [once-only, data exchange] }, es: { terms: [una sola vez] } }' },
  { theme: 'outcomes', id: 'savings', rules: `{ en: { terms: [cost saving, "saving*"], regex: ['€\\s?\\d+'], exclude: [saving face] }, es: { terms: [ahorro] } }` },
  { theme: 'outcomes', id: 'portal', rules: '{ en: { terms: [portal, citizen folder], exclude: [transparency portal] }, es: { terms: [portal] } }' },
];

function codebookYaml(order: number[], themeOrder: string[]): string {
  const lines = ['themes:'];
  for (const theme of themeOrder) {
    lines.push(`  - id: ${theme}`, '    codes:');
    for (const index of order) {
      const code = CODES[index]!;
      if (code.theme === theme) lines.push(`      - id: ${code.id}`, `        rules: ${code.rules}`);
    }
  }
  return lines.join('\n');
}

/** The matches as (full code id, start, end, rule) so results of different code orders compare. */
function matchesByCodeId(yaml: string, language: string, text: string): string[] {
  const loaded = parseCodebook(yaml, 'shuffled.yaml');
  expect(loaded.diagnostics).toEqual([]);
  const { compiled, diagnostics } = compileCodebook(loaded.codebook!);
  expect(diagnostics).toEqual([]);
  return matchText(compiled, compiled.matchers.get(language), text)
    .map((match) => `${compiled.codes[match.code]!.id} ${match.start}-${match.end} ${match.rule}`)
    .sort();
}

const WORDS = {
  en: ['citizen', 'citizens', 'folder', 'users', 'association', 'intermediaries', 'feedback', 'complaint', 'reuse', 'shared', 'code', 'open', 'source', 'once', 'only', 'once-only', 'data', 'exchange', 'cost', 'saving', 'savings', 'face', '€4', 'portal', 'transparency', 'the', 'a', 'and', 'of', '.', ','],
  es: ['ciudadano', 'ciudadanos', 'usuarios', 'usuario', 'asociaciones', 'queja', 'quejas', 'reutilización', 'reutilizacion', 'una', 'sola', 'vez', 'ahorro', 'portal', 'el', 'la', 'de', 'y', '.'],
};

describe('codebook order invariance', () => {
  const identity = CODES.map((_code, index) => index);
  const themes = ['actors', 'practice', 'outcomes'];

  for (const language of ['en', 'es'] as const) {
    it(`${language}: shuffling codes and themes does not change which code ids match where`, () => {
      const text = fc.array(fc.constantFrom(...WORDS[language]), { minLength: 1, maxLength: 40 }).map((words) => words.join(' '));
      fc.assert(
        fc.property(
          fc.shuffledSubarray(identity, { minLength: identity.length, maxLength: identity.length }),
          fc.shuffledSubarray(themes, { minLength: themes.length, maxLength: themes.length }),
          text,
          (order, themeOrder, sample) => {
            expect(matchesByCodeId(codebookYaml(order, themeOrder), language, sample)).toEqual(matchesByCodeId(codebookYaml(identity, themes), language, sample));
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('the reference order finds something (the property is not vacuous)', () => {
    const found = matchesByCodeId(codebookYaml(identity, themes), 'en', 'citizen feedback on the transparency portal saved €4');
    expect(found.map((entry) => entry.split(' ')[0])).toEqual(['actors.citizens', 'outcomes.savings', 'practice.feedback']);
  });
});

describe('rule terms', () => {
  it('parse a plain word (the fast path) as the tokenizer reads it', async () => {
    const { parseTerm } = await import('../../src/code/compile.js');
    const { stemKeys } = await import('../../src/code/stem.js');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,14}[*]?$/), fc.constantFrom('en', 'es', 'fr'), (term, language) => {
        const parsed = parseTerm(term, language);
        const lower = term.replace(/\*$/, '').toLowerCase();
        const tokens = tokenize(lower);
        expect(tokens.words).toEqual([lower]);
        const expected = term.endsWith('*') ? { kind: 'prefix', keys: [lower] } : { kind: 'stem', keys: stemKeys(lower, language) };
        expect(parsed).toEqual({ words: [expected], warnings: term.endsWith('*') && lower.length < 3 ? [`the glob "${lower}*" is very short and will match many unrelated words`] : [] });
      }),
      { numRuns: 2000 },
    );
  });
});
