/**
 * Stemmers per language: ports of the Porter stemmers of `natural` 8.1.1
 * (src/code/porter-en.ts, porter-es.ts) that give exactly its stems, ~10×
 * faster and without loading the package at start-up (issue 8). Stems and
 * stem keys are memoised per word: rule terms and transcript words share
 * most words, and the compiler and the matcher ask for the same ones.
 */
import { foldText } from './fold.js';
import { stemEnglish } from './porter-en.js';
import { stemSpanish } from './porter-es.js';

type Stem = (word: string) => string;

const STEMMERS: Record<string, Stem> = { en: stemEnglish, es: stemSpanish };

/** Most distinct words memoised per language (bounds memory on huge vocabularies). */
const MAX_MEMO = 1 << 20;

const loaded = new Map<string, Stem>();

/** The stemmer for a language code; languages without one stem to the word itself. */
export function stemmerFor(language: string): Stem {
  let stem = loaded.get(language);
  if (stem) return stem;
  const stemmer = Object.hasOwn(STEMMERS, language) ? STEMMERS[language] : undefined;
  stem = stemmer ? memoisedStem(stemmer) : (word) => word;
  loaded.set(language, stem);
  return stem;
}

/** Whether a language has a real stemmer (others match words exactly). */
export function hasStemmer(language: string): boolean {
  return Object.hasOwn(STEMMERS, language);
}

/** Wraps a stem function with a per-word memo. */
export function memoisedStem(stem: Stem): Stem {
  const memo = new Map<string, string>();
  return (word) => {
    let result = memo.get(word);
    if (result === undefined) {
      result = stem(word);
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(word, result);
    }
    return result;
  };
}

/** Keys already computed, per language then word: compiling and matching ask for most words more than once. */
const keyMemos = new Map<string, Map<string, string[]>>();

/**
 * The keys under which a word is matched by stem: the folded stem of the
 * word as written (the Spanish stemmer needs its accents) and of its folded
 * form (so text typed without accents still matches), and for Spanish of the
 * folded form with a `-ción`/`-logía` accent put back (so `participacion`
 * stems like `participaciones`). `word` is lower case. The array is shared
 * between calls, hence frozen.
 */
export function stemKeys(word: string, language: string): string[] {
  let memo = keyMemos.get(language);
  if (memo === undefined) keyMemos.set(language, (memo = new Map()));
  let keys = memo.get(word);
  if (keys === undefined) {
    keys = Object.freeze(computeStemKeys(word, language)) as string[];
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(word, keys);
  }
  return keys;
}

function computeStemKeys(word: string, language: string): string[] {
  const stem = stemmerFor(language);
  const bare = language === 'en' ? withoutPossessive(word) : word;
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

/** An English word without a final `'s`, then without a final `'` ("citizens'" → "citizens"). */
function withoutPossessive(word: string): string {
  const bare = word.endsWith("'s") ? word.slice(0, -2) : word;
  return bare.endsWith("'") ? bare.slice(0, -1) : bare;
}

/** The Spanish Snowball stemmer only strips `-ción` and `-logía` with their accent; puts it back on a folded word. */
function restoreSpanishAccents(folded: string): string {
  if (folded.endsWith('cion')) return folded.slice(0, -4) + 'ción';
  if (folded.endsWith('logia')) return folded.slice(0, -5) + 'logía';
  if (folded.endsWith('logias')) return folded.slice(0, -6) + 'logías';
  return folded;
}
