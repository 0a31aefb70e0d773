/**
 * Word tokenizer over folded text. Words are runs of letters and digits;
 * `@`, apostrophes and dots between two word characters keep a
 * word whole (`Cl@ve`, `datos.gob.es`, `don't`); a hyphen splits words, so
 * `once-only` is the two words of the phrase `once only`. Tokens carry
 * UTF-16 offsets into the original text. No per-character allocation: the
 * scanner walks char codes and slices each token once.
 */
import { foldCharCode, foldText } from './fold.js';

/** Token arrays for one text: parallel arrays avoid one object per token. */
export interface Tokens {
  /** Folded word forms, e.g. `participacion`. */
  words: string[];
  /** Start offset of each word (UTF-16, inclusive). */
  starts: number[];
  /** End offset of each word (UTF-16, exclusive). */
  ends: number[];
}

/** 1 for letters, digits and marks, 0 for the rest, 2 until first asked (filled lazily: start-up time). */
const WORD = new Uint8Array(0x10000).fill(2);
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Whether a (folded) UTF-16 unit is a word character; astral symbols (surrogates) are not. */
export function isWordCharCode(code: number): boolean {
  let kind = WORD[code]!;
  if (kind === 2) kind = WORD[code] = code < 0x80 ? (isAsciiAlphanumeric(code) ? 1 : 0) : code >= 0xd800 && code <= 0xdbff ? 0 : WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
  return kind === 1;
}
/** Combining marks (U+0301 in a decomposed "é"): part of a word, but dropped from its folded form. 1/0, 2 until first asked. */
const MARK = new Uint8Array(0x10000).fill(2);
const MARK_CHAR = /\p{M}/u;

function isMarkCode(code: number): boolean {
  let kind = MARK[code]!;
  if (kind === 2) kind = MARK[code] = code >= 0x80 && MARK_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
  return kind === 1;
}

/** ASCII letters and digits: the ASCII units `\p{L}`/`\p{N}` match (no ASCII unit is a mark); Unicode classes compile slowly. */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Characters that keep a word whole between two word characters. */
export const JOINERS = new Set([0x40 /* @ */, 0x27 /* ' */, 0x2019 /* ’ */, 0x2e /* . */, 0xb7 /* · (Catalan l·l) */]);

/** A token holds a combining mark (decomposed text): its folded form drops the marks. */
export const TOKEN_HAS_MARKS = 1;
/** A token's original text differs from its folded form by more than ASCII case (accents, typographic apostrophes). */
export const TOKEN_HAS_ACCENTS = 2;

/**
 * Word boundaries of one text, in reusable typed arrays (one scan of a
 * segment allocates nothing).
 */
export interface TokenScan {
  /** Number of tokens found by the last `scanTokens`. */
  count: number;
  /** Start offset of each token (UTF-16, inclusive). */
  starts: Int32Array;
  /** End offset of each token (UTF-16, exclusive). */
  ends: Int32Array;
  /** `TOKEN_HAS_MARKS` | `TOKEN_HAS_ACCENTS` per token. */
  flags: Uint8Array;
}

/** An empty scan buffer; it grows as texts need. */
export function createTokenScan(capacity = 1024): TokenScan {
  return { count: 0, starts: new Int32Array(capacity), ends: new Int32Array(capacity), flags: new Uint8Array(capacity) };
}

function growScan(scan: TokenScan): void {
  const capacity = scan.starts.length * 2;
  const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
    const next = make(capacity);
    next.set(old);
    return next;
  };
  scan.starts = grow(scan.starts, (n) => new Int32Array(n));
  scan.ends = grow(scan.ends, (n) => new Int32Array(n));
  scan.flags = grow(scan.flags, (n) => new Uint8Array(n));
}

/*
 * What the scanner needs to know about a UTF-16 unit, in one table lookup:
 * bits 0-15 its folded unit, then whether that is a word character, a
 * combining mark, a joiner, and whether folding changed more than ASCII case.
 * -1 until first asked.
 */
/** Unit info bit: the folded unit is a word character. */
export const WORD_BIT = 1 << 16;
/** Unit info bit: a combining mark. */
export const MARK_BIT = 1 << 17;
/** Unit info bit: folding changed more than ASCII case. */
export const ACCENT_BIT = 1 << 18;
/** Unit info bit: a joiner (`@`, `'`, `.`, `·`). */
export const JOINER_BIT = 1 << 19;
/** Unit info by UTF-16 unit, -1 until computed (read it through `unitInfo` then). */
export const UNIT_INFO = new Int32Array(0x10000).fill(-1);

/** Computes (and caches) the info of a unit: its folded unit in bits 0-15, then the bits above. */
export function unitInfo(code: number): number {
  const folded = foldCharCode(code);
  let info = folded;
  if (isWordCharCode(folded)) info |= WORD_BIT;
  if (isMarkCode(folded)) info |= MARK_BIT;
  if (code !== folded && !(code >= 65 && code <= 90)) info |= ACCENT_BIT;
  if (JOINERS.has(folded)) info |= JOINER_BIT;
  return (UNIT_INFO[code] = info);
}

/**
 * Finds the words of `text` (folding each unit on the fly, so no folded
 * copy is built) into `scan`. The one definition of word boundaries:
 * `tokenize` uses it too. A joiner between two word characters keeps a
 * word whole (`Cl@ve`, `don't`).
 */
export function scanTokens(text: string, scan: TokenScan): void {
  const length = text.length;
  let count = 0;
  let i = 0;
  while (i < length) {
    let info = UNIT_INFO[text.charCodeAt(i)]!;
    if (info < 0) info = unitInfo(text.charCodeAt(i));
    if ((info & WORD_BIT) === 0) {
      i++;
      continue;
    }
    const start = i;
    let bits = 0;
    for (;;) {
      bits |= info;
      i++;
      if (i >= length) break;
      info = UNIT_INFO[text.charCodeAt(i)]!;
      if (info < 0) info = unitInfo(text.charCodeAt(i));
      if ((info & WORD_BIT) !== 0) continue;
      if ((info & JOINER_BIT) === 0 || i + 1 >= length) break;
      let next = UNIT_INFO[text.charCodeAt(i + 1)]!;
      if (next < 0) next = unitInfo(text.charCodeAt(i + 1));
      if ((next & WORD_BIT) === 0) break;
      // The joiner, then go on with the word character after it.
      bits |= info;
      i++;
      info = next;
    }
    if (count === scan.starts.length) growScan(scan);
    scan.starts[count] = start;
    scan.ends[count] = i;
    scan.flags[count] = (bits & MARK_BIT ? TOKEN_HAS_MARKS : 0) | (bits & ACCENT_BIT ? TOKEN_HAS_ACCENTS : 0);
    count++;
  }
  scan.count = count;
}

/** Scan buffer of `tokenize` (synchronous, so one buffer serves every call). */
const tokenizeScan = createTokenScan(256);

/** Splits text into folded words with offsets. `folded` may be passed when the caller already folded it (it must be `foldText(text)`). */
export function tokenize(text: string, folded: string = foldText(text)): Tokens {
  const scan = tokenizeScan;
  scanTokens(text, scan);
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < scan.count; k++) {
    const start = scan.starts[k]!;
    const end = scan.ends[k]!;
    // Text in decomposed form (NFD, e.g. pasted from a PDF) folds to the same word as composed text.
    const word = folded.slice(start, end);
    words.push(scan.flags[k]! & TOKEN_HAS_MARKS ? word.replace(/\p{M}/gu, '') : word);
    starts.push(start);
    ends.push(end);
  }
  return { words, starts, ends };
}
