/**
 * The English Porter stemmer of `natural` 8.1.1
 * (lib/natural/stemmers/porter_stemmer.js), rewritten with character loops.
 * It gives the very same stem for every string, quirks included, but the
 * original builds regular expressions per call and rewrites the word into
 * C/V strings several times per step (~5 µs a word, issue 8); this allocates
 * little beyond the stem itself. test/code/stemmers.test.ts compares the two
 * on large word lists and generated strings.
 *
 * The quirks kept, because matching rules to text relies on stems being
 * exactly natural's:
 * - A `y` after a consonant run becomes an upper-case "CV" pair in natural's
 *   group string, and that V is not merged with a following vowel run, so
 *   the measure of e.g. `bya…` counts two V groups and can be fractional.
 * - Steps 2 and 3 apply every listed replacement whose suffix ends the
 *   step's input, in order, to the running result (not only the first).
 * - Step 4 takes the longest listed suffix and does not fall back to a
 *   shorter one when its measure is too small; its `.` does not match line
 *   terminators, so a word containing one is never stripped there.
 * - Words shorter than 3 are returned as given (not lower-cased); others are
 *   lower-cased first. Any character but `aeiouy` is a consonant.
 */

const CHAR_E = 0x65;
const CHAR_L = 0x6c;
const CHAR_S = 0x73;
const CHAR_T = 0x74;
const CHAR_W = 0x77;
const CHAR_X = 0x78;
const CHAR_Y = 0x79;
const CHAR_Z = 0x7a;

/**
 * What each UTF-16 unit is to natural's regular expressions: a vowel
 * (`aeiou`), `y`, or anything else (a consonant). A table rather than
 * comparisons: the scans run before the code is optimised, where calls and
 * branches cost most.
 */
const KIND = new Uint8Array(0x10000);
const VOWEL = 1;
const Y = 2;
for (const vowel of 'aeiou') KIND[vowel.charCodeAt(0)] = VOWEL;
KIND[CHAR_Y] = Y;

function isVowel(code: number): boolean {
  return KIND[code] === VOWEL;
}

/** JavaScript's line terminators: what a regular expression's `.` does not match. */
function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

function hasLineTerminator(word: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (isLineTerminator(word.charCodeAt(i))) return true;
  return false;
}

/**
 * What natural's `categorizeGroups` string says about `word.slice(0, end)`,
 * computed without building it: that function replaces each consonant run
 * followed by `y` with "CV", then each vowel run with "V", then each run of
 * anything else with "C". The last call's results are left in these
 * variables (one scan serves several questions without an allocation).
 */
let groupCount = 0;
let groupsStartWithC = false;
let groupsEndWithV = false;
let vowelGroups = 0;

function scanGroups(word: string, end: number): void {
  groupCount = 0;
  groupsStartWithC = false;
  vowelGroups = 0;
  let lastIsC = false;
  let i = 0;
  while (i < end) {
    const kind = KIND[word.charCodeAt(i)];
    if (kind === VOWEL) {
      i++;
      while (i < end && KIND[word.charCodeAt(i)] === VOWEL) i++;
      groupCount++;
      vowelGroups++;
      lastIsC = false;
      continue;
    }
    // A run of consonants, or a `y` no consonant run claimed: both are C (merged with a C before).
    if (!lastIsC) {
      if (groupCount === 0) groupsStartWithC = true;
      groupCount++;
      lastIsC = true;
    }
    if (kind === Y) {
      i++;
      continue;
    }
    i++;
    while (i < end && KIND[word.charCodeAt(i)] === 0) i++;
    if (i < end && KIND[word.charCodeAt(i)] === Y) {
      // "CV": the V stands alone, never merged with a vowel run after it.
      i++;
      groupCount++;
      vowelGroups++;
      lastIsC = false;
    }
  }
  groupsEndWithV = groupCount > 0 && !lastIsC;
}

/** natural's `measure(word.slice(0, end))`: VC pairs, -1 for the empty string, possibly fractional. */
function measure(word: string, end: number): number {
  if (end === 0) return -1;
  scanGroups(word, end);
  return (groupCount - (groupsStartWithC ? 1 : 0) - (groupsEndWithV ? 1 : 0)) / 2;
}

/** Whether position `index` is a V in natural's `categorizeChars` (a vowel, or a `y` after a consonant). */
function isVowelChar(word: string, index: number): boolean {
  const kind = KIND[word.charCodeAt(index)];
  return kind === VOWEL || (kind === Y && index > 0 && KIND[word.charCodeAt(index - 1)] === 0);
}

/** Whether `categorizeChars(word)` reads "CVC" at `start`. */
function isCvcAt(word: string, start: number): boolean {
  return !isVowelChar(word, start) && isVowelChar(word, start + 1) && !isVowelChar(word, start + 2);
}

/** Suffixes and their replacements, in list order. */
interface Replacements {
  suffixes: string[];
  replacements: string[];
}

/** Replacements grouped by the last (ASCII) character of their suffix, in list order: only those can apply. */
function byLastChar(pairs: readonly (readonly [suffix: string, replacement: string])[]): (Replacements | undefined)[] {
  const groups: Replacements[] = [];
  for (const [suffix, replacement] of pairs) {
    const group = (groups[suffix.charCodeAt(suffix.length - 1)] ??= { suffixes: [], replacements: [] });
    group.suffixes.push(suffix);
    group.replacements.push(replacement);
  }
  return groups;
}

const STEP2 = byLastChar([
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['abli', 'able'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'],
  ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'],
  ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
]);

const STEP3 = byLastChar([
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
]);

/** Step 4's suffixes by last (ASCII) character, longest first (the regex's lazy prefix finds the longest). */
const STEP4: (string[] | undefined)[] = [];
for (const suffix of ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize']) {
  const group = (STEP4[suffix.charCodeAt(suffix.length - 1)] ??= []);
  group.push(suffix);
  group.sort((a, b) => b.length - a.length);
}

/**
 * natural's `replacePatterns(word, replacements, 0)`: each replacement whose
 * suffix ends `word` with a stem of measure > 0 is applied, in order, to the
 * running result if that still ends with the suffix and does not become empty.
 */
function replaceSuffixes(word: string, table: readonly (Replacements | undefined)[]): string {
  const last = word.charCodeAt(word.length - 1);
  const group = last < 0x80 ? table[last] : undefined;
  if (group === undefined) return word;
  let result = word;
  for (let i = 0; i < group.suffixes.length; i++) {
    const suffix = group.suffixes[i]!;
    if (!word.endsWith(suffix) || measure(word, word.length - suffix.length) <= 0) continue;
    if (result.endsWith(suffix)) {
      const replaced = result.slice(0, result.length - suffix.length) + group.replacements[i]!;
      if (replaced !== '') result = replaced;
    }
  }
  return result;
}

function step1a(word: string): string {
  const length = word.length;
  if (word.endsWith('sses') || word.endsWith('ies')) return word.slice(0, length - 2);
  if (length > 2 && word.charCodeAt(length - 1) === CHAR_S && word.charCodeAt(length - 2) !== CHAR_S) return word.slice(0, length - 1);
  return word;
}

function step1b(word: string): string {
  const length = word.length;
  if (word.endsWith('eed')) return measure(word, length - 3) > 0 ? word.slice(0, length - 1) : word;
  const end = word.endsWith('ed') ? length - 2 : word.endsWith('ing') ? length - 3 : -1;
  // natural keeps the word when nothing is left or the stem has no vowel group.
  if (end <= 0) return word;
  scanGroups(word, end);
  if (vowelGroups === 0) return word;
  const stem = word.slice(0, end);
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  const last = word.charCodeAt(end - 1);
  if (end >= 2 && last === word.charCodeAt(end - 2) && !isVowel(last) && last !== CHAR_L && last !== CHAR_S && last !== CHAR_Z) {
    return word.slice(0, end - 1);
  }
  if (measure(word, end) === 1 && end >= 3 && isCvcAt(word, end - 3) && last !== CHAR_W && last !== CHAR_X && last !== CHAR_Y) {
    return stem + 'e';
  }
  return stem;
}

function step1c(word: string): string {
  const length = word.length;
  if (length === 0 || word.charCodeAt(length - 1) !== CHAR_Y) return word;
  scanGroups(word, length);
  // A V group anywhere but in the last place of the group string.
  if (vowelGroups - (groupsEndWithV ? 1 : 0) > 0) return word.slice(0, length - 1) + 'i';
  return word;
}

function step4(word: string): string {
  const length = word.length;
  const last = word.charCodeAt(length - 1);
  const candidates = last < 0x80 ? STEP4[last] : undefined;
  if (candidates !== undefined) {
    for (let i = 0; i < candidates.length; i++) {
      const suffix = candidates[i]!;
      if (length <= suffix.length || !word.endsWith(suffix)) continue;
      const end = length - suffix.length;
      if (!hasLineTerminator(word, end) && measure(word, end) > 1) return word.slice(0, end);
      break;
    }
  }
  if (length > 4 && word.endsWith('ion')) {
    const code = word.charCodeAt(length - 4);
    if ((code === CHAR_S || code === CHAR_T) && !hasLineTerminator(word, length - 4) && measure(word, length - 3) > 1) {
      return word.slice(0, length - 3);
    }
  }
  return word;
}

function step5a(word: string): string {
  const length = word.length;
  if (length === 0 || word.charCodeAt(length - 1) !== CHAR_E) return word;
  const m = measure(word, length - 1);
  if (m > 1) return word.slice(0, length - 1);
  if (m !== 1) return word;
  // natural's `categorizeChars(word).substr(-4, 3) === 'CVC'`, then /[^wxy].$/.
  const start = Math.max(length - 4, 0);
  const cvc = length >= 3 && isCvcAt(word, start);
  const beforeLast = length >= 2 ? word.charCodeAt(length - 2) : -1;
  const notWxy = beforeLast !== -1 && beforeLast !== CHAR_W && beforeLast !== CHAR_X && beforeLast !== CHAR_Y;
  return cvc && notWxy ? word : word.slice(0, length - 1);
}

function step5b(word: string): string {
  const length = word.length;
  if (length >= 2 && word.charCodeAt(length - 1) === CHAR_L && word.charCodeAt(length - 2) === CHAR_L && measure(word, length) > 1) {
    return word.slice(0, length - 1);
  }
  return word;
}

/** The stem natural's English `PorterStemmer.stem(word)` gives. */
export function stemEnglish(word: string): string {
  if (word.length < 3) return word;
  let stem = step1c(step1b(step1a(word.toLowerCase())));
  stem = replaceSuffixes(stem, STEP2);
  stem = replaceSuffixes(stem, STEP3);
  return step5b(step5a(step4(stem)));
}
