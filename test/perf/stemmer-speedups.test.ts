/**
 * Issue 8: the faster Spanish stemmer (src/code/stemmer-speedups.ts) stems
 * every word exactly as `natural`'s does, and the per-word memo is
 * invisible. Checked on the vocabulary of the interviews and of the
 * benchmark generator, and on generated strings over the Spanish alphabet
 * (accents, ñ, ü, suffix-like endings, and characters a stemmer never
 * expects).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stemmerFor } from '../../src/code/stem.js';
import { fasterStemmer, memoisedStem } from '../../src/code/stemmer-speedups.js';
import { REPO_ROOT } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { CONTENT_WORDS, FUNCTION_WORDS } from '../../bench/vocabulary.js';

const require = createRequire(import.meta.url);
type Stemmer = { stem: (word: string) => string };
const natural = {
  es: require('natural/lib/natural/stemmers/porter_stemmer_es.js') as Stemmer,
  en: require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer,
};

const vocabulary = (() => {
  let text = '';
  for (const name of readdirSync(join(REPO_ROOT, 'interviews'))) text += readFileSync(join(REPO_ROOT, 'interviews', name), 'utf8');
  const words = new Set<string>(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);
  for (const word of [...CONTENT_WORDS.es, ...FUNCTION_WORDS.es, ...CONTENT_WORDS.en] as string[]) words.add(word.toLowerCase());
  return [...words];
})();

describe('Spanish stemmer speed-up (issue 8)', () => {
  const faster = fasterStemmer('es', natural.es);

  it('is used with the natural version it was checked against', () => {
    expect(faster).not.toBe(natural.es);
    expect(Object.hasOwn(faster, 'endsInArr')).toBe(true);
  });

  it('stems the whole vocabulary exactly as natural does', () => {
    expect(vocabulary.length).toBeGreaterThan(2000);
    for (const word of vocabulary) expect(faster.stem(word), word).toBe(natural.es.stem(word));
  });

  it('stems generated words exactly as natural does', () => {
    const piece = fc.constantFrom('a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'ñ', 'b', 'c', 'd', 'g', 'l', 'm', 'n', 'r', 's', 't', 'y', 'ción', 'ciones', 'mente', 'amiento', 'ando', 'iendo', 'selo', 'ía', 'logía', 'ución', 'encia', 'idad', 'ivo', 'aba', 'aron', 'gu', 'os', 'es', "'", '1', 'A', 'Ñ', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join('')), (word) => {
        expect(faster.stem(word)).toBe(natural.es.stem(word));
      }),
      { numRuns: 20000 },
    );
  });

  it('leaves other languages and unknown stemmer versions alone', () => {
    expect(fasterStemmer('en', natural.en)).toBe(natural.en);
    const changed = Object.create({ isVowel: () => true, endsIn: () => false, endsInArr: () => '', stem: (word: string) => word }) as Stemmer;
    expect(fasterStemmer('es', changed)).toBe(changed);
  });
});

describe('stem memo (issue 8)', () => {
  it('gives what the stemmer gives, first call or later', () => {
    let calls = 0;
    const stem = memoisedStem((word) => {
      calls++;
      return natural.en.stem(word);
    });
    for (const word of vocabulary) expect(stem(word)).toBe(natural.en.stem(word));
    const first = calls;
    for (const word of vocabulary) expect(stem(word)).toBe(natural.en.stem(word));
    expect(calls).toBe(first);
  });

  it('backs the stemmers the matcher uses', () => {
    for (const word of vocabulary.slice(0, 500)) {
      expect(stemmerFor('es')(word)).toBe(natural.es.stem(word));
      expect(stemmerFor('en')(word)).toBe(natural.en.stem(word));
    }
  });
});
