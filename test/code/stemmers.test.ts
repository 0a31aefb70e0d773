/**
 * Issue 8: the ports of natural's Porter stemmers (src/code/porter-en.ts,
 * porter-es.ts) give exactly natural's stems, and the memos in
 * src/code/stem.ts are invisible. natural itself is the reference: each
 * test stems the same strings with both and compares. Inputs: the
 * vocabulary of interviews/ and bench/vocabulary.js; the English and
 * Spanish word lists shipped with natural (its POS-tagger lexicon and
 * sentiment lexicons, ~100,000 words) and the words of TypeScript's lib
 * files; every UTF-16 unit in a few word frames; and generated strings
 * built from letters, y-heavy pieces and the stemmers' own suffixes, with
 * digits, apostrophes, accents, upper case and line terminators.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stemEnglish } from '../../src/code/porter-en.js';
import { stemSpanish } from '../../src/code/porter-es.js';
import { foldText } from '../../src/code/fold.js';
import { hasStemmer, memoisedStem, stemKeys, stemmerFor } from '../../src/code/stem.js';
import { REPO_ROOT } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { CONTENT_WORDS, FUNCTION_WORDS, ODD_TOKENS } from '../../bench/vocabulary.js';

const require = createRequire(import.meta.url);
type Stemmer = { stem: (word: string) => string };
const natural = {
  en: require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer,
  es: require('natural/lib/natural/stemmers/porter_stemmer_es.js') as Stemmer,
};
const ports = { en: stemEnglish, es: stemSpanish };
const languages = ['en', 'es'] as const;

/** Runs through a word list and returns the words a port stems differently from natural (expected: none). */
function differences(language: 'en' | 'es', words: Iterable<string>): string[] {
  const found: string[] = [];
  for (const word of words) if (ports[language](word) !== natural[language].stem(word)) found.push(word);
  return found;
}

const WORD = /[\p{L}\p{N}']+/gu;

const interviewVocabulary = (() => {
  let text = '';
  for (const name of readdirSync(join(REPO_ROOT, 'interviews'))) text += readFileSync(join(REPO_ROOT, 'interviews', name), 'utf8');
  const words = new Set<string>(text.match(WORD) ?? []);
  const bench = [...CONTENT_WORDS.es, ...FUNCTION_WORDS.es, ...CONTENT_WORDS.en, ...FUNCTION_WORDS.en, ...ODD_TOKENS] as string[];
  for (const word of bench) words.add(word);
  for (const word of [...words]) words.add(word.toLowerCase());
  return [...words];
})();

/** Words of natural's own data files and of TypeScript's lib.*.d.ts, as written and lower-cased. */
const largeVocabulary = (() => {
  const naturalRoot = join(dirname(require.resolve('natural/package.json')), 'lib', 'natural');
  const words = new Set<string>();
  for (const file of [
    'brill_pos_tagger/data/English/lexicon_from_posjs.json',
    'sentiment/English/senticon_en.json',
    'sentiment/Spanish/senticon_es.json',
    'sentiment/Spanish/afinnShortSortedSpanish.json',
    'sentiment/Galician/senticon_gl.json',
  ]) {
    const data = JSON.parse(readFileSync(join(naturalRoot, file), 'utf8')) as unknown;
    const entries = Array.isArray(data) ? data.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))) : Object.keys(data as object);
    for (const entry of entries) words.add(entry);
  }
  const typescriptLib = dirname(require.resolve('typescript/lib/lib.d.ts'));
  for (const name of readdirSync(typescriptLib)) {
    if (name.endsWith('.d.ts')) for (const word of readFileSync(join(typescriptLib, name), 'utf8').match(WORD) ?? []) words.add(word);
  }
  for (const word of [...words]) words.add(word.toLowerCase());
  return [...words];
})();

describe('English and Spanish stemmer ports (issue 8)', () => {
  for (const language of languages) {
    it(`${language}: stems the interviews' and the benchmark's vocabulary as natural does`, () => {
      expect(interviewVocabulary.length).toBeGreaterThan(4000);
      expect(differences(language, interviewVocabulary)).toEqual([]);
    });

    it(`${language}: stems ~200,000 dictionary and lib words as natural does`, () => {
      expect(largeVocabulary.length).toBeGreaterThan(150_000);
      expect(differences(language, largeVocabulary)).toEqual([]);
    });

    it(`${language}: treats every UTF-16 unit as natural does (vowel, consonant, case, line terminator)`, () => {
      // Frames where the unit decides a region, a measure, a CVC test or a suffix.
      const frames: ((unit: string) => string)[] =
        language === 'en' ? [(unit) => `${unit}ying`, (unit) => `b${unit}ational`, (unit) => `${unit}s`] : [(unit) => `ca${unit}ación`, (unit) => `${unit}ntalo`];
      const words: string[] = [];
      for (let code = 0; code < 0x10000; code++) for (const frame of frames) words.push(frame(String.fromCharCode(code)));
      expect(differences(language, words)).toEqual([]);
    });
  }

  it('keeps the quirks natural has (pinned examples)', () => {
    const english: Record<string, string> = {
      byization: 'byiz', // "CV" from by: the measure of "by" is 0, of "byiz" 1.5, so step 2 takes -ation not -ization
      sayings: 'sai',
      'x\nrelational': 'x\nrelat', // a line terminator stops step 4's `.`
      IS: 'IS', // shorter than 3: not lower-cased
      Happiness: 'happi',
      ies: 'i',
      ing: 'ing',
    };
    const spanish: Record<string, string> = {
      Canciones: 'Cancion', // not lower-cased
      cámará: 'cam', // removeAccent replaces only the first of each accent
      '  aseis': '  aseis',
      averiguéis: 'averig',
      dándoselo: 'dandosel',
      construyendo: 'constru',
    };
    for (const [word, stem] of Object.entries(english)) {
      expect(natural.en.stem(word), word).toBe(stem);
      expect(stemEnglish(word), word).toBe(stem);
    }
    for (const [word, stem] of Object.entries(spanish)) {
      expect(natural.es.stem(word), word).toBe(stem);
      expect(stemSpanish(word), word).toBe(stem);
    }
  });
});

const ENGLISH_PIECES = [
  'a', 'e', 'i', 'o', 'u', 'y', 'y', 'yy', 'by', 'ay', 'b', 'c', 'd', 'g', 'h', 'l', 'n', 'p', 'r', 's', 't', 'v', 'w', 'x', 'z',
  'll', 'ss', 'sses', 'ies', 'eed', 'ed', 'ing', 'at', 'bl', 'iz', 'ational', 'tional', 'enci', 'anci', 'izer', 'abli', 'bli',
  'alli', 'entli', 'eli', 'ousli', 'ization', 'ation', 'ator', 'alism', 'iveness', 'fulness', 'ousness', 'aliti', 'iviti', 'biliti',
  'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness', 'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant',
  'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'sion', 'tion', 'ion',
  'Y', 'A', 'E', 'ING', 'İ', 'é', 'ñ', '1', '7', "'", "'s", '’', '-', ' ', '\n', '\r', '\u2028', 'C', 'V', '$', '.', '\ud83d',
];

const SPANISH_PIECES = [
  'a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'ñ', 'b', 'c', 'd', 'g', 'l', 'm', 'n', 'r', 's', 't', 'y', 'gu', 'qu',
  'me', 'se', 'sela', 'selo', 'selas', 'la', 'le', 'lo', 'las', 'les', 'nos', 'iéndo', 'ándo', 'ár', 'ér', 'ír', 'iendo', 'ando',
  'ar', 'er', 'ir', 'uyendo', 'anza', 'ico', 'icas', 'ismo', 'able', 'ible', 'ista', 'oso', 'amiento', 'imientos', 'icador',
  'icación', 'ación', 'aciones', 'ante', 'ancia', 'logía', 'logías', 'ución', 'uciones', 'encia', 'encias', 'ativamente',
  'ivamente', 'mente', 'amente', 'ablemente', 'idad', 'abilidades', 'ividad', 'ativo', 'iva', 'ya', 'ye', 'yeron', 'yó',
  'yamos', 'arían', 'aría', 'eremos', 'iré', 'aba', 'ía', 'ad', 'ase', 'iese', 'aron', 'ieron', 'ado', 'idos', 'ió', 'as',
  'ís', 'áis', '  aseis', 'aseis', 'iéramos', 'éis', 'emos', 'en', 'es', 'os', 'é',
  'A', 'Á', 'E', 'Ñ', 'ION', "'", '1', ' ', '-', '\n',
];

/** Short letter runs (y-heavy) to put before suffixes, so measures and regions land on every boundary. */
const LETTERS = ['a', 'e', 'i', 'o', 'u', 'y', 'y', 'b', 'c', 'l', 'r', 's', 't', 'w', 'x', 'z', 'á', 'é', 'ü', 'ñ', 'A', 'Y', '1', "'", '\n'];

function generatedWords(pieces: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.constantFrom(...pieces);
  return fc.oneof(
    fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('')),
    fc.tuple(fc.array(fc.constantFrom(...LETTERS), { maxLength: 5 }), fc.array(piece, { maxLength: 3 })).map(([stem, suffixes]) => stem.join('') + suffixes.join('')),
  );
}

describe('stemmer ports on generated strings (issue 8)', () => {
  const alphabets = { en: ENGLISH_PIECES, es: SPANISH_PIECES };
  for (const language of languages) {
    for (const alphabet of languages) {
      it(`${language}: stems generated ${alphabet} words as natural does`, () => {
        fc.assert(
          fc.property(generatedWords(alphabets[alphabet]), (word) => ports[language](word) === natural[language].stem(word)),
          { numRuns: 20_000 },
        );
      });
    }

    it(`${language}: stems arbitrary short strings as natural does`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (word) => ports[language](word) === natural[language].stem(word)),
        { numRuns: 20_000 },
      );
    });
  }
});

describe('stem memos (issue 8)', () => {
  it('memoisedStem gives what the stemmer gives, first call or later, calling it once per word', () => {
    let calls = 0;
    const stem = memoisedStem((word) => {
      calls++;
      return natural.en.stem(word);
    });
    for (const word of interviewVocabulary) expect(stem(word)).toBe(natural.en.stem(word));
    const first = calls;
    expect(first).toBe(interviewVocabulary.length);
    for (const word of interviewVocabulary) expect(stem(word)).toBe(natural.en.stem(word));
    expect(calls).toBe(first);
  });

  it('stemmerFor backs English and Spanish with natural-exact stemmers, other languages with the identity', () => {
    for (const word of interviewVocabulary.slice(0, 1000)) {
      expect(stemmerFor('es')(word)).toBe(natural.es.stem(word));
      expect(stemmerFor('en')(word)).toBe(natural.en.stem(word));
      expect(stemmerFor('fr')(word)).toBe(word);
    }
    expect(stemmerFor('en')).toBe(stemmerFor('en'));
    expect([hasStemmer('en'), hasStemmer('es'), hasStemmer('fr'), hasStemmer('toString')]).toEqual([true, true, false, false]);
  });

  it('stemKeys gives the keys natural gives, the same frozen array on every call', () => {
    // The keys as computed before the ports and memos, with natural itself.
    const reference = (word: string, language: 'en' | 'es'): string[] => {
      const stem = (text: string) => natural[language].stem(text);
      const bare = language === 'en' ? word.replace(/'s$/, '').replace(/'$/, '') : word;
      const folded = foldText(bare);
      const first = foldText(stem(bare));
      const second = folded === bare ? first : stem(folded);
      const keys = first === second ? [first] : [first, second];
      if (language === 'es') {
        const accented = folded.replace(/cion$/, 'ción').replace(/logia(s?)$/, 'logía$1');
        if (accented !== folded) {
          const third = foldText(stem(accented));
          if (!keys.includes(third)) keys.push(third);
        }
      }
      return keys;
    };
    const words = [...interviewVocabulary, "citizens'", "citizen's", "'s", "'", 'tecnologias', 'tecnologia', 'participacion', 'cion'].map((word) => word.toLowerCase());
    for (const language of languages) {
      for (const word of words) expect(stemKeys(word, language), word).toEqual(reference(word, language));
    }
    const first = stemKeys('participación', 'es');
    expect(first).toEqual(['particip', 'participacion']);
    expect(stemKeys('participación', 'es')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
