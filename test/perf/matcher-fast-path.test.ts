/**
 * Issue 8: the matcher's fast paths give exactly what the plain algorithm
 * gives. The reference here is the matcher as first written: a tokenizer
 * over the folded string (the loop below, kept independent of
 * src/code/tokenize.ts), then `patternsOf` per word with its memo key.
 * Against it: `scanTokens` / `tokenize` (word boundaries in one pass, no
 * folded copy), `tokenPatterns` (trie walk without stem rules, hash table
 * with them) and `matchCodes` (codes without building matches), on
 * generated texts full of what breaks tokenizers: case, accents, decomposed
 * accents, joiners, hyphens, digits, emoji, ligatures, typographic quotes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCodebook, type CompiledCodebook } from '../../src/code/compile.js';
import { foldText } from '../../src/code/fold.js';
import { codesOf, matchCodes, matchText, originalKey, patternsOf, tokenPatterns } from '../../src/code/match.js';
import { createTokenScan, scanTokens, tokenize } from '../../src/code/tokenize.js';
import type { LanguageRules } from '../../src/model/codebook.js';
import { codebookOfRules } from '../helpers/codebook.js';

/** The tokenizer as first written: runs of letters, digits and marks over the folded text, joiners between two of them. */
function referenceTokens(text: string): { words: string[]; starts: number[]; ends: number[] } {
  const folded = foldText(text);
  const isWord = (i: number) => {
    const code = folded.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) return false;
    return /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code));
  };
  const joiners = new Set([0x40, 0x27, 0x2019, 0x2e, 0xb7]);
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < folded.length) {
    if (!isWord(i)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < folded.length && isWord(i)) i++;
      if (i + 1 < folded.length && joiners.has(folded.charCodeAt(i)) && isWord(i + 1) && isWord(i - 1)) {
        i += 2;
        continue;
      }
      break;
    }
    const word = folded.slice(start, i);
    words.push(/\p{M}/u.test(word) ? word.replace(/\p{M}/gu, '') : word);
    starts.push(start);
    ends.push(i);
  }
  return { words, starts, ends };
}

const WORDS = [
  'citizen', 'Citizens', 'CITIZEN’S', "citizen's", 'participación', 'Participacion', 'PARTICIPACIÓN', 'participaciones', 'partici\u0301pacio\u0301n',
  'datos', 'abiertos', 'Datos.gob.es', 'Cl@ve', 'once-only', "don't", 'niño', 'NIÑO', 'über', 'straße', 'ﬁnance', 'İstanbul', '2016', '39/2015',
  'quick', 'win', 'wins', 'early', 'results', 'l·l', 'co-design', 'e\u0301xito', 'éxito', 'exito', 'público', 'publico', 'servicio', 'servicios',
  'user', 'users', 'feedback', 'portal', 'transparencia', 'de', 'la', 'the', 'and', '🙂', 'ǅemal', 'Ωmega', 'ΣΊΣΥΦΟΣ',
];
const SEPARATORS = [' ', ' ', ' ', '\n', ', ', '. ', '-', '  ', '\t', '—', ' "', '" ', ' (', ') ', '’', "'", '@', '.', '·', '\u0301', '\r\n'];

const textArbitrary = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS), fc.constantFrom('as is', 'upper', 'lower', 'title')), { maxLength: 40 })
  .map((parts) =>
    parts
      .map(([word, separator, casing]) => {
        const cased = casing === 'upper' ? word.toUpperCase() : casing === 'lower' ? word.toLowerCase() : casing === 'title' ? word[0]!.toUpperCase() + word.slice(1) : word;
        return cased + separator;
      })
      .join(''),
  );

const TERMS = ['citizen', 'citizen*', '=citizen', 'particip*', 'participación', '=datos', 'datos abiertos', 'dato* abierto*', 'cl@ve', 'once-only', 'quick win*', 'early result*', 'servicio* público*', 'niño', 'exito', '=éxito', 'user*', 'l·l', "don't", 'co-design', 'st*', 'p*'];

const rulesArbitrary = (stems: boolean): fc.Arbitrary<LanguageRules> =>
  fc.record(
    {
      terms: fc.array(fc.constantFrom(...TERMS.filter((term) => stems || term.split(' ').every((word) => /\*$|^=/.test(word)))), { minLength: 1, maxLength: 5 }),
      exclude: fc.array(fc.constantFrom(...(stems ? ['quick question', 'portal de transparencia', 'datos personales', 'citizen*'] : ['=quick =question', 'citizen*'])), { maxLength: 1 }),
      near: fc.array(fc.record({ near: fc.tuple(fc.constantFrom('user*', 'citizen*', '=datos'), fc.constantFrom(stems ? 'feedback' : '=feedback', 'portal*', 'abiert*')).map((pair) => [...pair]), within: fc.integer({ min: 1, max: 5 }) }), { maxLength: 1 }),
      regex: fc.array(fc.constantFrom('\\bwin\\b', 'dat[oa]s', '\\b(39|40)/20(15|16)\\b', 'cl@ve'), { maxLength: 1 }),
    },
    { requiredKeys: ['terms'] },
  );

function expectSameAsReference(compiled: CompiledCodebook, language: string, text: string): void {
  const matcher = compiled.matchers.get(language)!;
  const reference = referenceTokens(text);
  const folded = foldText(text);
  const fast = tokenPatterns(matcher, text);
  expect(fast.count).toBe(reference.words.length);
  for (let i = 0; i < fast.count; i++) {
    expect([fast.starts[i], fast.ends[i]]).toEqual([reference.starts[i], reference.ends[i]]);
    const expected = patternsOf(matcher, reference.words[i]!, originalKey(text, folded, reference.starts[i]!, reference.ends[i]!));
    expect([...fast.ids[i]!]).toEqual([...expected]);
  }
  expect(matchCodes(compiled, matcher, text)).toEqual(codesOf(matchText(compiled, matcher, text)));
}

describe('word boundaries (issue 8)', () => {
  it('scanTokens and tokenize find the words the original tokenizer finds', () => {
    const scan = createTokenScan(4);
    fc.assert(
      fc.property(fc.oneof(textArbitrary, fc.string({ unit: 'binary', maxLength: 120 })), (text) => {
        const reference = referenceTokens(text);
        scanTokens(text, scan);
        expect([...scan.starts.subarray(0, scan.count)]).toEqual(reference.starts);
        expect([...scan.ends.subarray(0, scan.count)]).toEqual(reference.ends);
        expect(tokenize(text)).toEqual(reference);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('pattern lookup and codes (issue 8)', () => {
  it('without stem rules (prefix globs and exact words: the trie) matches the reference', () => {
    fc.assert(
      fc.property(fc.array(rulesArbitrary(false), { minLength: 1, maxLength: 6 }), fc.array(textArbitrary, { minLength: 1, maxLength: 5 }), (rules, texts) => {
        const { compiled } = compileCodebook(codebookOfRules(rules, ['en', 'es']));
        expect(compiled.matchers.get('en')!.stems.size).toBe(0);
        for (const text of texts) for (const language of ['en', 'es']) expectSameAsReference(compiled, language, text);
      }),
      { numRuns: 300 },
    );
  });

  it('with stem rules (the native word scan) matches the reference', () => {
    fc.assert(
      fc.property(fc.array(rulesArbitrary(true), { minLength: 1, maxLength: 6 }), fc.array(textArbitrary, { minLength: 1, maxLength: 5 }), (rules, texts) => {
        const { compiled } = compileCodebook(codebookOfRules(rules, ['en', 'es']));
        for (const text of texts) for (const language of ['en', 'es']) expectSameAsReference(compiled, language, text);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a word seen in several spellings apart (the table compares folded units, not just hashes)', () => {
    const { compiled } = compileCodebook(codebookOfRules([{ terms: ['=datos'] }, { terms: ['citizen'] }], ['en']));
    const text = 'DATOS datos Datos dAtOs datoss dato citizens CITIZEN citizen’s';
    expectSameAsReference(compiled, 'en', text);
    expect(codesOf(matchText(compiled, compiled.matchers.get('en'), text))).toEqual([0, 1]);
  });
});

describe('regex prefilter (issue 8)', () => {
  const patterns = [
    'datos\\.gob\\.es', '\\b(39|40)/20(15|16)\\b', '\\b(only|just) (two|three|[0-9]+) (people|persons|of us)\\b', '\\bcada (ministerio|unidad)\\b[^.;]{0,40}\\bsus? (propi[oa]s?|sistema)\\b',
    '\\b24\\s*(/|x)\\s*(7|365)\\b', '\\bmvp\\b', 'ab+c', 'colou?r', 'x{2,3}y', 'a|b', 'quick|slow win', '[]a]b', '[^]x]yz', 'a.c', '^start', 'end$', 'a\\.?b', 'e\\x41', 'e\\pLz', 'x\\p{L}y', '(?i)abc', 'a\\Q.b\\E',
    '\\bwin\\b', 'dat[oa]s', 'cl@ve', 'a\\\\b', 'p[[:alpha:]]q', 'ñandú', 'sí|no', '(ab)?c', '(a(b|c))d', 'x(yz)+w', '(foo|bar)?baz', '((a|b)c|d)e', '(a|[0-9])b', '(a|b){0,2}c', '(a|b){,2}c', '(foo|bar)*',
  ];
  const pieces = ['datos', '.gob', '.es', '39/2015', '40/2016', 'only', 'just', ' two', ' three', ' 12', ' people', ' of us', 'cada ', 'ministerio', ' sus ', 'su ', 'propia', 'sistema', '24', ' / ', 'x', '7', '365', 'mvp', 'ab', 'bbc', 'c', 'colour', 'color', 'xx', 'xxxy', 'a', 'b', 'quick', 'slow win', ']b', 'yz', 'abc', 'start', 'end', 'a.b', 'eA', 'ezz', 'xyy', 'a\\b', 'pzq', 'ñandu', 'ñandú', 'sí', 'no', ' ', '\n', '.', ';', 'abc', 'ac', 'd', 'e', 'yz', 'w', 'foo', 'bar', 'baz', '5', 'ce', 'de'];
  it('never skips a segment a regex matches', async () => {
    const { RE2JS } = await import('re2js');
    const { requiredLiterals } = await import('../../src/code/match.js');
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (pattern, parts) => {
        const text = parts.join('');
        const literals = requiredLiterals(pattern);
        if (literals === null) return;
        if (RE2JS.compile(pattern).matcher(text).find()) expect(literals.some((literal) => text.includes(literal)), `${pattern} on ${JSON.stringify(text)}`).toBe(true);
      }),
      { numRuns: 20000 },
    );
    expect(requiredLiterals('\\bcada (ministerio|unidad)\\b[^.;]{0,40}\\bsus? (propi[oa]s?|sistema)\\b')).toEqual(['ministerio', 'unidad']);
    expect(requiredLiterals('\\b(only|just) (two|three)\\b')).toEqual(['only', 'just']);
    expect(requiredLiterals('\\b(only|just) (two|[0-9]+) (people|persons|of us)\\b')).toEqual(['people', 'persons', 'of us']);
    expect(requiredLiterals('colou?r|(ab)?c')).toEqual(['colo', 'c']);
    expect(requiredLiterals('(a|[0-9])b')).toEqual(['b']);
    expect(requiredLiterals('(a|[0-9])')).toBeNull();
    expect(requiredLiterals('e\\x41')).toBeNull();
    expect(requiredLiterals('datos\\.gob\\.es')).toEqual(['datos.gob.es']);
    expect(requiredLiterals('quick|slow win')).toEqual(['quick', 'slow win']);
  });
});
