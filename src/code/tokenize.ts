/**
 * Word tokenizer over folded text. Words are runs of letters and digits;
 * `@`, apostrophes and dots between two word characters keep a
 * word whole (`Cl@ve`, `datos.gob.es`, `don't`); a hyphen splits words, so
 * `once-only` is the two words of the phrase `once only`. Tokens carry
 * UTF-16 offsets into the original text. No per-character allocation: the
 * scanner walks char codes and slices each token once.
 */
import { foldText } from './fold.js';

/** Token arrays for one text: parallel arrays avoid one object per token. */
export interface Tokens {
  /** Folded word forms, e.g. `participacion`. */
  words: string[];
  /** Start offset of each word (UTF-16, inclusive). */
  starts: number[];
  /** End offset of each word (UTF-16, exclusive). */
  ends: number[];
}

const WORD = new Uint8Array(0x10000);
for (let code = 0; code < 0x10000; code++) {
  const char = String.fromCharCode(code);
  WORD[code] = /[\p{L}\p{N}\p{M}]/u.test(char) ? 1 : 0;
}
const JOINERS = new Set([0x40 /* @ */, 0x27 /* ' */, 0x2019 /* ’ */, 0x2e /* . */, 0xb7 /* · (Catalan l·l) */]);

function isWordCode(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) return false; // astral symbols (emoji) separate words
  return WORD[code] === 1;
}

/** Splits text into folded words with offsets. `folded` may be passed when the caller already folded it. */
export function tokenize(text: string, folded: string = foldText(text)): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const length = folded.length;
  let i = 0;
  while (i < length) {
    if (!isWordCode(folded, i)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < length && isWordCode(folded, i)) i++;
      if (i + 1 < length && JOINERS.has(folded.charCodeAt(i)) && isWordCode(folded, i + 1) && isWordCode(folded, i - 1)) {
        i += 2;
        continue;
      }
      break;
    }
    words.push(folded.slice(start, i));
    starts.push(start);
    ends.push(i);
  }
  return { words, starts, ends };
}
