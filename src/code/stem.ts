/**
 * Stemmers per language: the Snowball (Porter) stemmers of `natural`,
 * imported by path (the package's index pulls in database drivers and
 * prints to stdout). Loaded lazily, once per language.
 */
import { createRequire } from 'node:module';
import { foldText } from './fold.js';
import { fasterStemmer, memoisedStem } from './stemmer-speedups.js';

const require = createRequire(import.meta.url);

type Stem = (word: string) => string;

const STEMMER_PATHS: Record<string, string> = {
  en: 'natural/lib/natural/stemmers/porter_stemmer.js',
  es: 'natural/lib/natural/stemmers/porter_stemmer_es.js',
};

const loaded = new Map<string, Stem>();

/** The stemmer for a language code; languages without one stem to the word itself. */
export function stemmerFor(language: string): Stem {
  let stem = loaded.get(language);
  if (stem) return stem;
  const path = STEMMER_PATHS[language];
  if (path) {
    const module = fasterStemmer(language, require(path) as { stem: Stem });
    stem = memoisedStem((word) => module.stem(word));
  } else {
    stem = (word) => word;
  }
  loaded.set(language, stem);
  return stem;
}

/** Whether a language has a real stemmer (others match words exactly). */
export function hasStemmer(language: string): boolean {
  return language in STEMMER_PATHS;
}

/**
 * The keys under which a word is matched by stem: the folded stem of the
 * word as written (the Spanish stemmer needs its accents) and of its folded
 * form (so text typed without accents still matches), and for Spanish of the
 * folded form with a `-ción`/`-logía` accent put back (so `participacion`
 * stems like `participaciones`). `word` is lower case.
 */
export function stemKeys(word: string, language: string): string[] {
  const stem = stemmerFor(language);
  const bare = language === 'en' ? word.replace(/'s$/, '').replace(/'$/, '') : word;
  const folded = foldText(bare);
  const first = foldText(stem(bare));
  const second = folded === bare ? first : stem(folded);
  const keys = first === second ? [first] : [first, second];
  if (language === 'es') {
    // Text or rules typed without accents: "participacion" must stem like "participación".
    const accented = restoreSpanishAccents(folded);
    if (accented !== folded) {
      const third = foldText(stem(accented));
      if (!keys.includes(third)) keys.push(third);
    }
  }
  return keys;
}

/** The Spanish Snowball stemmer only strips `-ción` and `-logía` with their accent; puts it back on a folded word. */
function restoreSpanishAccents(folded: string): string {
  return folded.replace(/cion$/, 'ción').replace(/logia(s?)$/, 'logía$1');
}
