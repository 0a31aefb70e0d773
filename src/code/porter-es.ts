/**
 * The Spanish Porter stemmer of `natural` 8.1.1
 * (lib/natural/stemmers/porter_stemmer_es.js), rewritten without the
 * per-character regular expressions, per-list sorts and region slices of the
 * original (~15 µs a word, ~3 µs with its two slowest helpers replaced;
 * issue 8). It
 * gives the very same stem for every string; test/code/stemmers.test.ts
 * compares the two on large word lists and generated strings.
 *
 * The quirks kept, because matching rules to text relies on stems being
 * exactly natural's:
 * - The word is not lower-cased (natural discards `toLowerCase()`'s result):
 *   upper-case vowels count as vowels for the regions, but no suffix matches
 *   upper-case letters.
 * - Removing accents replaces only the first `á`, `é`, `í`, `ó` and `ú`.
 * - The regions R1, R2 and RV are computed once, on the word as given.
 * - Each suffix list removes its longest suffix ending the region; the verb
 *   list has an entry "  aseis" with two leading spaces.
 */

const CHAR_G = 0x67;
const CHAR_U = 0x75;

/**
 * 1 for the UTF-16 units natural's `/[aeiouáéíóú]/gi` matches (checked
 * against every unit by the tests). A table rather than a function: the
 * region scans run before the code is optimised, where calls cost most.
 */
const VOWEL = new Uint8Array(0x10000);
for (const vowel of 'aeiouáéíóúAEIOUÁÉÍÓÚ') VOWEL[vowel.charCodeAt(0)] = 1;

/**
 * A suffix list as natural's `endsInArr` searches it: indexed by last
 * character (all below U+0100), each group longest first.
 */
type SuffixTable = readonly (readonly string[] | undefined)[];

function suffixTable(suffixes: readonly string[]): SuffixTable {
  const table: string[][] = [];
  for (const suffix of suffixes) (table[suffix.charCodeAt(suffix.length - 1)] ??= []).push(suffix);
  // Equally long suffixes cannot both end a word, so the order among them does not matter.
  for (const group of table) group?.sort((a, b) => b.length - a.length);
  return table;
}

/** natural's `endsInArr(word.slice(start, end), suffixes)`, without the slice: the longest listed suffix, or ''. */
function longestSuffix(word: string, start: number, end: number, table: SuffixTable): string {
  if (end <= start) return '';
  const last = word.charCodeAt(end - 1);
  const group = last < 0x100 ? table[last] : undefined;
  if (group === undefined) return '';
  for (let i = 0; i < group.length; i++) {
    const suffix = group[i]!;
    if (end - start >= suffix.length && word.endsWith(suffix, end)) return suffix;
  }
  return '';
}

const ACCENTED = ['á', 'é', 'í', 'ó', 'ú'];
const UNACCENTED = ['a', 'e', 'i', 'o', 'u'];

/** natural's `removeAccent`: the first of each accented vowel only. */
function removeAccent(word: string): string {
  let result = word;
  for (let i = 0; i < ACCENTED.length; i++) {
    if (result.includes(ACCENTED[i]!)) result = result.replace(ACCENTED[i]!, UNACCENTED[i]!);
  }
  return result;
}

const PRONOUNS = suffixTable(['me', 'se', 'sela', 'selo', 'selas', 'selos', 'la', 'le', 'lo', 'las', 'les', 'los', 'nos']);
const BEFORE_PRONOUN_ACCENTED = suffixTable(['iéndo', 'ándo', 'ár', 'ér', 'ír']);
const BEFORE_PRONOUN = suffixTable(['iendo', 'ando', 'ar', 'er', 'ir']);

/** Step 1's lists, tried in order on R2 (one on R1); the first with a suffix ending the region replaces it. */
const STEP1_LISTS: readonly { inR1: boolean; replacement: string; suffixes: readonly string[] }[] = [
  { inR1: false, replacement: '', suffixes: ['anza', 'anzas', 'ico', 'ica', 'icos', 'icas', 'ismo', 'ismos', 'able', 'ables', 'ible', 'ibles', 'ista', 'istas', 'oso', 'osa', 'osos', 'osas', 'amiento', 'amientos', 'imiento', 'imientos'] },
  { inR1: false, replacement: '', suffixes: ['icadora', 'icador', 'icación', 'icadoras', 'icadores', 'icaciones', 'icante', 'icantes', 'icancia', 'icancias', 'adora', 'ador', 'ación', 'adoras', 'adores', 'aciones', 'ante', 'antes', 'ancia', 'ancias'] },
  { inR1: false, replacement: 'log', suffixes: ['logía', 'logías'] },
  { inR1: false, replacement: 'u', suffixes: ['ución', 'uciones'] },
  { inR1: false, replacement: 'ente', suffixes: ['encia', 'encias'] },
  { inR1: false, replacement: '', suffixes: ['ativamente', 'ivamente', 'osamente', 'icamente', 'adamente'] },
  { inR1: true, replacement: '', suffixes: ['amente'] },
  { inR1: false, replacement: '', suffixes: ['antemente', 'ablemente', 'iblemente', 'mente'] },
  { inR1: false, replacement: '', suffixes: ['abilidad', 'abilidades', 'icidad', 'icidades', 'ividad', 'ividades', 'idad', 'idades'] },
  { inR1: false, replacement: '', suffixes: ['ativa', 'ativo', 'ativas', 'ativos', 'iva', 'ivo', 'ivas', 'ivos'] },
];

/**
 * Step 1's lists merged into one table by last character, in list order and
 * longest first within a list, so the first entry that ends its region is
 * the one natural removes (one lookup instead of ten).
 */
interface Step1Group {
  suffixes: string[];
  inR1: boolean[];
  replacements: string[];
}

const STEP1: (Step1Group | undefined)[] = [];
for (const list of STEP1_LISTS) {
  for (const suffix of [...list.suffixes].sort((a, b) => b.length - a.length)) {
    const group = (STEP1[suffix.charCodeAt(suffix.length - 1)] ??= { suffixes: [], inR1: [], replacements: [] });
    group.suffixes.push(suffix);
    group.inR1.push(list.inR1);
    group.replacements.push(list.replacement);
  }
}

const Y_VERB_SUFFIXES = suffixTable(['ya', 'ye', 'yan', 'yen', 'yeron', 'yendo', 'yo', 'yó', 'yas', 'yes', 'yais', 'yamos']);

const VERB_SUFFIXES = suffixTable([
  'arían', 'arías', 'arán', 'arás', 'aríais', 'aría', 'aréis', 'aríamos', 'aremos', 'ará', 'aré', 'erían', 'erías',
  'erán', 'erás', 'eríais', 'ería', 'eréis', 'eríamos', 'eremos', 'erá', 'eré', 'irían', 'irías', 'irán', 'irás',
  'iríais', 'iría', 'iréis', 'iríamos', 'iremos', 'irá', 'iré', 'aba', 'ada', 'ida', 'ía', 'ara', 'iera', 'ad', 'ed',
  'id', 'ase', 'iese', 'aste', 'iste', 'an', 'aban', 'ían', 'aran', 'ieran', 'asen', 'iesen', 'aron', 'ieron', 'ado',
  'ido', 'ando', 'iendo', 'ió', 'ar', 'er', 'ir', 'as', 'abas', 'adas', 'idas', 'ías', 'aras', 'ieras', 'ases',
  'ieses', 'ís', 'áis', 'abais', 'íais', 'arais', 'ierais', '  aseis', 'ieseis', 'asteis', 'isteis', 'ados', 'idos',
  'amos', 'ábamos', 'íamos', 'imos', 'áramos', 'iéramos', 'iésemos', 'ásemos',
]);

const E_VERB_SUFFIXES = suffixTable(['en', 'es', 'éis', 'emos']);
const RESIDUAL_SUFFIXES = suffixTable(['os', 'a', 'o', 'á', 'í', 'ó']);
const RESIDUAL_E = suffixTable(['e', 'é']);

/** Start of the region after the first non-vowel following a vowel, searching from `from`; `length` if none. */
function regionAfterVowelConsonant(word: string, from: number): number {
  const length = word.length;
  let previousIsVowel = from < length && VOWEL[word.charCodeAt(from)] === 1;
  for (let i = from + 1; i < length; i++) {
    const isVowel = VOWEL[word.charCodeAt(i)] === 1;
    if (previousIsVowel && !isVowel) return i + 1;
    previousIsVowel = isVowel;
  }
  return length;
}

/** natural's RV: may be `length + 1`, which is an empty region too. */
function regionRV(word: string): number {
  const length = word.length;
  if (length <= 3) return length;
  if (VOWEL[word.charCodeAt(1)] === 0) {
    let position = 2;
    while (position < length && VOWEL[word.charCodeAt(position)] === 0) position++;
    return position + 1;
  }
  if (VOWEL[word.charCodeAt(0)] === 1) {
    let position = 2;
    while (position < length && VOWEL[word.charCodeAt(position)] === 1) position++;
    return position + 1;
  }
  return 3;
}

/** The stem natural's Spanish `PorterStemmer.stem(word)` gives. */
export function stemSpanish(input: string): string {
  let word = input;
  const length = word.length;
  if (length < 2) return removeAccent(word);

  const r1 = regionAfterVowelConsonant(word, 0);
  const r2 = regionAfterVowelConsonant(word, r1);
  const rv = regionRV(word);

  // Step 0: attached pronoun, after a gerund or infinitive in RV (or after "uyendo" anywhere).
  const pronoun = longestSuffix(word, 0, length, PRONOUNS);
  if (pronoun !== '') {
    const end = length - pronoun.length;
    if (longestSuffix(word, rv, end, BEFORE_PRONOUN_ACCENTED) !== '') word = removeAccent(word.slice(0, end));
    else if (longestSuffix(word, rv, end, BEFORE_PRONOUN) !== '' || word.endsWith('uyendo', end)) word = word.slice(0, end);
  }

  // Step 1: standard suffixes, from the first list with a match.
  const wordAfter0 = word;
  const last = word.charCodeAt(word.length - 1);
  // Step 1's suffixes have 3 or more letters, its R1 one 6: most words have no room for any.
  const roomForStep1 = word.length - r2 >= 3 || word.length - r1 >= 6;
  const step1 = roomForStep1 && last < 0x100 ? STEP1[last] : undefined;
  if (step1 !== undefined) {
    for (let i = 0; i < step1.suffixes.length; i++) {
      const suffix = step1.suffixes[i]!;
      if (word.length - (step1.inR1[i] ? r1 : r2) >= suffix.length && word.endsWith(suffix)) {
        word = word.slice(0, word.length - suffix.length) + step1.replacements[i]!;
        break;
      }
    }
  }

  if (word === wordAfter0) {
    // Step 2a: verb suffixes beginning with y, after a u.
    const ySuffix = longestSuffix(word, rv, word.length, Y_VERB_SUFFIXES);
    const end = word.length - ySuffix.length;
    if (ySuffix !== '' && end > 0 && word.charCodeAt(end - 1) === CHAR_U) word = word.slice(0, end);

    if (word === wordAfter0) {
      // Step 2b: other verb suffixes.
      const verbSuffix = longestSuffix(word, rv, word.length, VERB_SUFFIXES);
      if (verbSuffix !== '') {
        word = word.slice(0, word.length - verbSuffix.length);
      } else {
        const eSuffix = longestSuffix(word, rv, word.length, E_VERB_SUFFIXES);
        if (eSuffix !== '') {
          word = word.slice(0, word.length - eSuffix.length);
          if (word.endsWith('gu')) word = word.slice(0, -1);
        }
      }
    }
  }

  // Step 3: residual suffix.
  const residual = longestSuffix(word, rv, word.length, RESIDUAL_SUFFIXES);
  if (residual !== '') {
    word = word.slice(0, word.length - residual.length);
  } else if (longestSuffix(word, rv, word.length, RESIDUAL_E) !== '') {
    word = word.slice(0, -1);
    const end = word.length;
    if (end > rv && word.charCodeAt(end - 1) === CHAR_U && end >= 2 && word.charCodeAt(end - 2) === CHAR_G) word = word.slice(0, -1);
  }

  return removeAccent(word);
}
